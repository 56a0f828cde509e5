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
 */
import { z } from 'zod';
import { assessment as assessmentSchema, type Assessment } from '../../model/assessment';
import { appeal, type Appeal } from '../../model/appeal';
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
});
export type AuditRecord = z.infer<typeof auditRecord>;

export type SyncEntity =
  | { kind: 'entry'; data: ScoreEntry }
  | { kind: 'removal'; data: EntryRemoval }
  | { kind: 'unit'; data: Unit }
  | { kind: 'assessor'; data: Assessor }
  | { kind: 'appeal'; data: Appeal }
  | { kind: 'ruleSet'; data: RuleSet }
  | { kind: 'assessment'; data: Assessment }
  | { kind: 'audit'; data: AuditRecord }
  | { kind: 'self'; data: SelfDocData };

export type SyncKind = SyncEntity['kind'];

/** A document as the app writes it; the server adds `_rev` (and `_conflicts` when asked). */
export interface SyncDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  kind: SyncKind;
  data: unknown;
}

/** The one document of the assessment itself (its name, year and groups with their rule-set hashes). */
export const ASSESSMENT_DOC_ID = 'assessment';

const auditKey = (r: AuditRecord) => contentHash(r).slice('sha256:'.length, 'sha256:'.length + 16);

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
    case 'self':
      return selfDocId(entity.data.unitId);
  }
}

export function toDoc(entity: SyncEntity): SyncDoc {
  return { _id: docId(entity), kind: entity.kind, data: entity.data };
}

/** What a document says, for telling whether two copies differ (CouchDB's fields aside). */
export function docContentHash(doc: Pick<SyncDoc, 'kind' | 'data'>): string {
  return contentHash({ kind: doc.kind, data: doc.data });
}

export function sameDocContent(a: Pick<SyncDoc, 'kind' | 'data'>, b: Pick<SyncDoc, 'kind' | 'data'>): boolean {
  return canonicalJson({ kind: a.kind, data: a.data }) === canonicalJson({ kind: b.kind, data: b.data });
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
  self: selfDocData,
} as const;

export type FromDoc = { ok: true; entity: SyncEntity } | { ok: false; message: string };

/**
 * Reads a document from the server: its kind, its data through the entity's schema, and its id must be
 * the one the data gives (a document `entry:a` carrying entry `b` would overwrite another cell).
 */
export function fromDoc(doc: unknown): FromDoc {
  if (doc === null || typeof doc !== 'object') return { ok: false, message: '服务器上的文档不是对象' };
  const { _id: id, kind, data } = doc as Record<string, unknown>;
  const where = `服务器文档“${typeof id === 'string' ? id : '?'}”`;
  if (typeof kind !== 'string' || !Object.hasOwn(schemas, kind)) return { ok: false, message: `${where}的类型“${String(kind)}”无法识别` };
  const parsed = schemas[kind as SyncKind].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${where}的 data.${issue.path.join('.')}：${issue.message}` };
  }
  const entity = { kind, data: parsed.data } as SyncEntity;
  if (docId(entity) !== id) return { ok: false, message: `${where}的编号与内容不符（应为“${docId(entity)}”）` };
  return { ok: true, entity };
}
