/**
 * Typed refusals of the repository. The message is for the user (Chinese); `code` is for the program.
 * Thrown inside a transaction they abort it, so nothing of the refused write is stored.
 */
export type DbErrorCode =
  | 'locked'
  | 'notLocked'
  | 'reasonRequired'
  | 'notFound'
  | 'exists'
  | 'integrity'
  | 'invalid'
  | 'corrupt'
  | 'newer'
  | 'stage';

export class KaoheDbError extends Error {
  readonly code: DbErrorCode;
  constructor(code: DbErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The assessment is locked: its sheets, units and rule sets cannot change until it is unlocked. */
export class LockedError extends KaoheDbError {
  constructor(assessmentName: string) {
    super('locked', `考核“${assessmentName}”已锁定，不能修改。如需修改，请先解锁并填写理由。`);
  }
}

export class NotLockedError extends KaoheDbError {
  constructor(assessmentName: string) {
    super('notLocked', `考核“${assessmentName}”未锁定，无需解锁。`);
  }
}

export class ReasonRequiredError extends KaoheDbError {
  constructor(what: string) {
    super('reasonRequired', `${what}必须填写理由。`);
  }
}

export class NotFoundError extends KaoheDbError {
  constructor(what: string) {
    super('notFound', `找不到${what}。`);
  }
}

export class AssessmentExistsError extends KaoheDbError {
  constructor(
    readonly assessmentId: string,
    assessmentName: string,
  ) {
    super('exists', `本机已有考核“${assessmentName}”（${assessmentId}）。如要合并其中的评分，请使用“导入合并”；如要另存一份，请以副本打开。`);
  }
}

/** A row refers to something that does not exist (an entry whose unit or assessor is unknown). */
export class IntegrityError extends KaoheDbError {
  constructor(message: string) {
    super('integrity', message);
  }
}

/** A stored row no longer matches the schema; `issues` name the row and field. */
export class CorruptDataError extends KaoheDbError {
  constructor(readonly issues: { path: string; message: string }[]) {
    super('corrupt', `本地数据有 ${issues.length} 处不符合格式：${issues.slice(0, 3).map((i) => `${i.path}：${i.message}`).join('；')}`);
  }
}

/** Data handed to a write does not match its schema; `issues` name the field. */
export class InvalidDataError extends KaoheDbError {
  constructor(
    what: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super('invalid', `${what}格式不正确：${issues.slice(0, 3).map((i) => `${i.path}：${i.message}`).join('；')}`);
  }
}

/**
 * The database was saved by a newer release (a higher schema version). Opening it here would let Dexie
 * add this release's stores and raise the version without any migration, so it is not opened at all.
 */
export class NewerDatabaseError extends KaoheDbError {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super('newer', `本机数据由更新版本的本系统保存（数据库版本 ${found}），本页面只能打开版本 ${supported} 及以前的数据，未作任何改动。`);
  }
}

/** The change does not fit the year's stage (an appeal outside 征求意见, 定稿 while open…). */
export class StageError extends KaoheDbError {
  constructor(message: string) {
    super('stage', message);
  }
}
