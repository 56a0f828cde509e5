/**
 * The assessment as CouchDB documents: one document per entity, with an id that follows from the entity
 * alone, so every copy of the assessment writes the same document for the same thing.
 *
 * An entry and its deletion are two states of one document `entry:<entry id>` (the entry id already
 * names the cell: unit, node, assessor, object): a deletion is a later revision of the document whose
 * `kind` is `removal`, exactly as a bundle carries an entry or its removal. The entity's own `rev`
 * travels inside `data`, so the merge rules of bundles (sync/merge.ts) apply unchanged to what the
 * server sends; CouchDB's `_rev` only says which document version a copy was based on.
 *
 * Incoming documents go through the same zod schemas as bundles: a document that does not parse is
 * reported with its id and changes nothing.
 *
 * Evidence files travel with the document that references them: an entry document lists the
 * attachments of the entry and its findings in `files`, an appeal document those of the appeal, and the
 * bytes ride along as CouchDB attachments named by their content hash (couch/attachments.ts). A removed
 * attachment is a document of its own, `attachmentRemoval:<id>`, written once (its owner, a deleted
 * finding, may no longer be in any document). A unit's self-assessment carries its material the same way
 * (`files`, each owned by an indicator's key). Audit records are append-only documents that name the
 * login that sent them (`data.by`), which the server's validation function checks.
 */
import * as z from 'zod';
import { assessment as assessmentSchema, type Assessment } from '../../model/assessment';
import { appeal, type Appeal } from '../../model/appeal';
import { attachment, attachmentRemoval, type Attachment, type AttachmentRemoval } from '../../model/attachment';
import { assessor, entryRemoval, scoreEntry, unit, type Assessor, type EntryRemoval, type ScoreEntry, type Unit } from '../../model/entries';
import { ruleSetSchema, type RuleSet } from '../../model/ruleSet';
import { canonicalJson, contentHash } from '../contentHash';
import { selfDocData, selfDocId, type SelfDocData } from './selfDoc';

/** An audit record as it travels: who did what when, with the values before and after. */
export const auditRecord = z.strictObject({
  at: z.string().min(1),
  who: z.string(),
  action: z.string().min(1),
  entryId: z.string().optional(),
  unitId: z.string().optional(),
  node: z.string().optional(),
  before: z.unknown(),
  after: z.unknown(),
  why: z.string().optional(),
  /** the server login that sent the record (the server refuses a record claiming another login) */
  by: z.string().min(1),
});
export type AuditRecord = z.infer<typeof auditRecord>;

export type SyncEntity =
  | { kind: 'entry'; data: ScoreEntry; files?: Attachment[] }
  | { kind: 'removal'; data: EntryRemoval }
  | { kind: 'unit'; data: Unit }
  | { kind: 'assessor'; data: Assessor }
  | { kind: 'appeal'; data: Appeal; files?: Attachment[] }
  | { kind: 'ruleSet'; data: RuleSet }
  | { kind: 'assessment'; data: Assessment }
  | { kind: 'audit'; data: AuditRecord }
  | { kind: 'attachmentRemoval'; data: AttachmentRemoval }
  | { kind: 'self'; data: SelfDocData; files?: Attachment[] };

export type SyncKind = SyncEntity['kind'];

/** A document as the app writes it; the server adds `_rev` (and `_conflicts` when asked). */
export interface SyncDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  kind: SyncKind;
  data: unknown;
  /**
   * the attachments of the entry (its findings included) or appeal, or a self-assessment's material (the
   * owner an indicator's key); their bytes are in `_attachments`
   */
  files?: Attachment[];
  /** CouchDB attachments by file hash: the bytes (base64) when written, stubs when read */
  _attachments?: Record<string, CouchAttachment>;
}

export interface CouchAttachment {
  content_type: string;
  data?: string;
  stub?: boolean;
  length?: number;
  digest?: string;
  /** the generation of the version that brought these bytes (in stubs) */
  revpos?: number;
}

/** The one document of the assessment itself (its name, year and groups with their rule-set hashes). */
export const ASSESSMENT_DOC_ID = 'assessment';

/** The record's own content names it (the sending login aside): pulled back, it is known as the same record. */
export const auditKey = (r: Omit<AuditRecord, 'by'> & { by?: string }) => {
  const { by: _by, ...record } = r;
  return contentHash(record).slice('sha256:'.length, 'sha256:'.length + 16);
};

/** The stable document id of an entity. */
export function docId(entity: SyncEntity): string {
  switch (entity.kind) {
    case 'entry':
    case 'removal':
      return `entry:${entity.data.id}`;
    case 'unit':
      return `unit:${entity.data.id}`;
    case 'assessor':
      return `assessor:${entity.data.id}`;
    case 'appeal':
      return `appeal:${entity.data.id}`;
    case 'ruleSet':
      return `ruleSet:${contentHash(entity.data)}`;
    case 'assessment':
      return ASSESSMENT_DOC_ID;
    case 'audit':
      return `audit:${entity.data.at}:${auditKey(entity.data)}`;
    case 'attachmentRemoval':
      return `attachmentRemoval:${entity.data.id}`;
    case 'self':
      return selfDocId(entity.data.unitId);
  }
}

const filesOf = (entity: SyncEntity): Attachment[] => ((entity.kind === 'entry' || entity.kind === 'appeal' || entity.kind === 'self') && entity.files?.length ? entity.files : []);

export function toDoc(entity: SyncEntity): SyncDoc {
  const files = filesOf(entity);
  return { _id: docId(entity), kind: entity.kind, data: entity.data, ...(files.length > 0 && { files }) };
}

/** What a document says, for telling whether two copies differ (CouchDB's fields aside; files only when it has some). */
export function docContentHash(doc: Pick<SyncDoc, 'kind' | 'data' | 'files'>): string {
  return contentHash(contentOf(doc));
}

export function sameDocContent(a: Pick<SyncDoc, 'kind' | 'data' | 'files'>, b: Pick<SyncDoc, 'kind' | 'data' | 'files'>): boolean {
  return canonicalJson(contentOf(a)) === canonicalJson(contentOf(b));
}

const contentOf = (doc: Pick<SyncDoc, 'kind' | 'data' | 'files'>) => ({ kind: doc.kind, data: doc.data, ...(doc.files?.length && { files: doc.files }) });

/** The owners whose files a document may carry: the entry and its findings, or the appeal. */
export function fileOwners(entity: SyncEntity): Set<string> {
  if (entity.kind === 'entry') return new Set([entity.data.id, ...(entity.data.findings ?? []).map((f) => f.id)]);
  if (entity.kind === 'appeal') return new Set([entity.data.id]);
  return new Set();
}

const schemas = {
  entry: scoreEntry,
  removal: entryRemoval,
  unit,
  assessor,
  appeal,
  ruleSet: ruleSetSchema,
  assessment: assessmentSchema,
  audit: auditRecord,
  attachmentRemoval,
  self: selfDocData,
} as const;

const filesSchema = z.array(attachment);

export type FromDoc = { ok: true; entity: SyncEntity } | { ok: false; message: string };

/**
 * Reads a document from the server: its kind, its data through the entity's schema, and its id must be
 * the one the data gives (a document `entry:a` carrying entry `b` would overwrite another cell).
 */
export function fromDoc(doc: unknown): FromDoc {
  if (doc === null || typeof doc !== 'object') return { ok: false, message: '服务器上的文档不是对象' };
  const { _id: id, kind, data, files } = doc as Record<string, unknown>;
  const where = `服务器文档“${typeof id === 'string' ? id : '?'}”`;
  if (typeof kind !== 'string' || !Object.hasOwn(schemas, kind)) return { ok: false, message: `${where}的类型“${String(kind)}”无法识别` };
  const parsed = schemas[kind as SyncKind].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${where}的 data.${issue.path.join('.')}：${issue.message}` };
  }
  const entity = { kind, data: parsed.data } as SyncEntity;
  if (docId(entity) !== id) return { ok: false, message: `${where}的编号与内容不符（应为“${docId(entity)}”）` };
  if (files !== undefined) {
    const owners = fileOwners(entity);
    // a self-assessment's material names indicators: checked against the rule set where it is stored
    const anyOwner = entity.kind === 'self';
    if (owners.size === 0 && !anyOwner) return { ok: false, message: `${where}不应带附件` };
    const read = filesSchema.safeParse(files);
    if (!read.success) {
      const issue = read.error.issues[0]!;
      return { ok: false, message: `${where}的 files.${issue.path.join('.')}：${issue.message}` };
    }
    // a document carries only its own owners' files: it cannot attach evidence to another cell
    const stray = anyOwner ? undefined : read.data.find((f) => !owners.has(f.ownerId));
    if (stray) return { ok: false, message: `${where}的附件“${stray.name}”不属于该文档（所属 ${stray.ownerId}）` };
    if (read.data.length > 0) (entity as { files?: Attachment[] }).files = read.data;
  }
  return { ok: true, entity };
}
