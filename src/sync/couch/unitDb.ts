/**
 * A database per unit, so that a unit reads nothing but its own (CouchDB grants reading per database).
 * It holds copies of the assessment's documents the unit's self-assessment needs — the assessment (its
 * name, year and groups), the unit, its group's rule set — and the unit's self-assessment `self:<unitId>`,
 * the one document the unit may write there (security.ts). No other unit's documents, no entries,
 * findings, assessors or appeals ever go in.
 *
 * The copying follows the replication protocol both ways, as the server admin: for each document the
 * leaf revisions of one side are offered to the other with `_revs_diff`; the missing ones are read with
 * `_bulk_get?revs=true` and written with `_bulk_docs` and `new_edits: false`, so both sides hold the same
 * revision trees (a conflict on one side is a conflict on the other). Down: the documents above, from
 * the assessment's database to the unit's. Up: only `self:<unitId>`, from the unit's to the assessment's.
 * A self-assessment's material rides along as the document's attachments, as a push sends them
 * (attachments.ts): a file the target's parent version already has goes as a stub, only new files are
 * read from the source and written with their bytes. A pass that finds both sides alike writes nothing,
 * so it can run as often as wanted.
 *
 * A unit database exists for each unit login (a `_users` entry with the role `unit:<unitId>`) whose unit
 * is in the assessment; its name is `<数据库>-unit-<unitId>` when the unit id is made of lower-case
 * letters, digits, `_` and `-` only (and is not shaped like the hashed form), else
 * `<数据库>-unit-h<16 hex digits of the id's sha256>`.
 */
import { contentHash } from '../contentHash';
import { CouchError, dbPath, type CouchClient } from './http';
import { ASSESSMENT_DOC_ID, type SyncDoc } from './docs';
import { parentAttachments, sendWithFiles, type StoredFile } from './attachments';
import { selfDocId } from './selfDoc';
import { ensureDb, ensureDesign, ensureSecurity, type SetupStep } from './ensure';
import { unitDesignDoc, unitSecurityObject } from './security';

const HASHED = /^h[0-9a-f]{16}$/;

/** The name of a unit's database beside the assessment's database `db`. */
export function unitDbName(db: string, unitId: string): string {
  const plain = /^[a-z0-9_-]+$/.test(unitId) && !HASHED.test(unitId) && db.length + unitId.length < 200;
  return `${db}-unit-${plain ? unitId : `h${contentHash(unitId).slice('sha256:'.length, 'sha256:'.length + 16)}`}`;
}

/** Unit ids that have a login on the server, with the logins' names, in id order. */
export async function unitLogins(client: CouchClient): Promise<Map<string, string[]>> {
  const r = await client.request<{ rows: { doc?: { name?: string; roles?: string[] } | null }[] }>('GET', '/_users/_all_docs', undefined, {
    include_docs: true,
    startkey: JSON.stringify('org.couchdb.user:'),
    endkey: JSON.stringify('org.couchdb.user:\ufff0'),
  });
  const out = new Map<string, string[]>();
  for (const row of r.rows) {
    for (const role of row.doc?.roles ?? []) {
      if (!role.startsWith('unit:') || role.length === 'unit:'.length) continue;
      const unitId = role.slice('unit:'.length);
      out.set(unitId, [...(out.get(unitId) ?? []), row.doc?.name ?? '?']);
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface DocState {
  /** every leaf revision (the winner first); empty when the document is absent */
  leaves: string[];
  deleted: boolean;
  doc: Record<string, unknown> | null;
}

/** The leaf revisions of documents, read with `_all_docs` (conflicting leaves included). */
async function docStates(client: CouchClient, db: string, ids: readonly string[]): Promise<Map<string, DocState>> {
  const out = new Map<string, DocState>();
  for (let i = 0; i < ids.length; i += 500) {
    const r = await client.request<{ rows: { key: string; value?: { rev: string; deleted?: boolean }; doc?: (Record<string, unknown> & { _conflicts?: string[] }) | null }[] }>(
      'POST',
      `${dbPath(db)}/_all_docs`,
      { keys: ids.slice(i, i + 500) },
      { include_docs: true, conflicts: true },
    );
    for (const row of r.rows) {
      if (!row.value) continue;
      out.set(row.key, { leaves: [row.value.rev, ...(row.doc?._conflicts ?? [])], deleted: row.value.deleted === true, doc: row.doc ?? null });
    }
  }
  return out;
}

/**
 * Every leaf revision of documents, deleted ones included (`_all_docs` lists only those not deleted): a
 * conflict the coordinator closed has deleted leaves, which must reach the unit's database too.
 */
async function allLeaves(client: CouchClient, db: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const r = await client.request<{ results: { id: string; changes: { rev: string }[] }[] }>('POST', `${dbPath(db)}/_changes`, { doc_ids: ids }, { filter: '_doc_ids', style: 'all_docs' });
  for (const row of r.results) out.set(row.id, [...new Set([...(out.get(row.id) ?? []), ...row.changes.map((c) => c.rev)])]);
  return out;
}

/** Copies the given revisions the target lacks, with their history; the number of revisions written. */
async function copyRevisions(client: CouchClient, from: string, to: string, revs: Record<string, string[]>): Promise<number> {
  if (Object.keys(revs).length === 0) return 0;
  const missing = await client.request<Record<string, { missing: string[] }>>('POST', `${dbPath(to)}/_revs_diff`, revs);
  const wanted = Object.entries(missing).flatMap(([id, m]) => m.missing.map((rev) => ({ id, rev })));
  if (wanted.length === 0) return 0;
  // without the attachments' bytes: read below only for the files the target's version lacks
  const got = await client.request<{ results: { docs: { ok?: SyncDoc }[] }[] }>('POST', `${dbPath(from)}/_bulk_get`, { docs: wanted }, { revs: true });
  const docs = got.results.flatMap((r) => r.docs.flatMap((d) => (d.ok ? [d.ok] : [])));
  if (docs.length === 0) return 0;
  // a self-assessment's material: where each file can be read at the source
  const source = new Map<string, { id: string; rev: string }>();
  for (const d of docs) {
    if (!d.files?.length) delete d._attachments;
    else for (const f of d.files) if (d._attachments?.[f.hash] && d._rev) source.set(f.hash, { id: d._id, rev: d._rev });
  }
  const read = async (hashes: string[]): Promise<Map<string, StoredFile>> => {
    const out = new Map<string, StoredFile>();
    for (const hash of hashes) {
      const at = source.get(hash);
      const bytes = at ? await client.attachmentBytes(from, at.id, hash, at.rev) : null;
      if (bytes) out.set(hash, { type: '', bytes });
    }
    return out;
  };
  const post = async (part: SyncDoc[]) => {
    const r = await client.request<{ id: string; error?: string; reason?: string }[]>('POST', `${dbPath(to)}/_bulk_docs`, { docs: part, new_edits: false });
    return Array.isArray(r) ? r : [];
  };
  // as a push: a file the target's parent version has goes as a stub, only new files as bytes
  const errors = (await sendWithFiles(docs, read, post, (ds) => parentAttachments(client, to, ds))).errors.filter((e) => e.error);
  if (errors.length > 0) throw new Error(`${to}：${errors[0]!.id}：${errors[0]!.reason ?? errors[0]!.error}`);
  return docs.length;
}

/**
 * What a watching fan-out (`--watch`) keeps between passes, so that a quiet pass asks the server little:
 * the assessment database's update sequence, CouchDB's feed of updated databases (`_db_updates`) as read
 * at the start of the last whole pass, and the units handled (each with the sequence it was handled at;
 * null for a login whose unit is not in the assessment). A pass then handles only the units whose
 * documents changed on either side since, and new unit logins; every unit when the assessment or a rule
 * set changed. Which unit databases changed, `_db_updates` tells in one request: a quiet pass makes four
 * requests, however many units. A server without it (a CouchDB with no `_global_changes` database) is
 * asked each unit database's update sequence instead, one request per unit. The pass's own writes make
 * a unit be looked at once more in the next, which finds both sides alike.
 */
export interface UnitDbWatch {
  mainSeq?: unknown;
  /** the `_db_updates` sequence; null: the server has no such feed */
  updatesSeq?: unknown;
  unitSeqs: Map<string, unknown>;
}

export const newUnitDbWatch = (): UnitDbWatch => ({ unitSeqs: new Map() });

/** A database's update sequence (opaque: a number on some servers, a string on CouchDB), or undefined when it cannot be read. */
async function updateSeq(client: CouchClient, db: string): Promise<unknown> {
  return (await client.request<{ update_seq?: unknown }>('GET', dbPath(db)).catch(() => undefined))?.update_seq;
}

const sameSeq = (a: unknown, b: unknown): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

const seqParam = (since: unknown): string => (typeof since === 'string' ? since : JSON.stringify(since));

/** The ids of the documents changed in `db` since `since`. */
async function changedSince(client: CouchClient, db: string, since: unknown): Promise<Set<string>> {
  const r = await client.request<{ results: { id: string }[] }>('GET', `${dbPath(db)}/_changes`, undefined, { since: seqParam(since) });
  return new Set(r.results.map((c) => c.id));
}

/**
 * The databases updated since `since` (all of them unknown on a first pass: `now`), and the feed's
 * sequence to ask from next time; null when the server has no `_db_updates` (or refuses it).
 */
async function updatedDbs(client: CouchClient, since: unknown): Promise<{ dbs: Set<string>; seq: unknown } | null> {
  try {
    const r = await client.request<{ results?: { db_name: string }[]; last_seq?: unknown }>('GET', '/_db_updates', undefined, { since: since === undefined ? 'now' : seqParam(since) });
    if (r.last_seq === undefined || !Array.isArray(r.results)) return null;
    return { dbs: new Set(r.results.map((u) => u.db_name)), seq: r.last_seq };
  } catch (e) {
    if (e instanceof CouchError) return null;
    throw e;
  }
}

/** The units a watching pass handles: all of them on the first pass or after a change of the assessment or a rule set. */
async function unitsToWatch(client: CouchClient, db: string, unitIds: string[], watch: UnitDbWatch, updated: Set<string> | null): Promise<{ units: string[]; seqs: Map<string, unknown> }> {
  const seqs = new Map<string, unknown>();
  if (watch.mainSeq === undefined) return { units: unitIds, seqs };
  const touched = await changedSince(client, db, watch.mainSeq);
  if ([...touched].some((id) => id === ASSESSMENT_DOC_ID || id.startsWith('ruleSet:'))) return { units: unitIds, seqs };
  const units: string[] = [];
  for (const unitId of unitIds) {
    if (!watch.unitSeqs.has(unitId) || touched.has(`unit:${unitId}`) || touched.has(selfDocId(unitId))) {
      units.push(unitId);
      continue;
    }
    // a login whose unit is not in the assessment has no database: it is looked at again when its unit comes
    if (watch.unitSeqs.get(unitId) === null) continue;
    if (updated) {
      if (updated.has(unitDbName(db, unitId))) units.push(unitId);
      continue;
    }
    const seq = await updateSeq(client, unitDbName(db, unitId));
    if (sameSeq(seq, watch.unitSeqs.get(unitId))) continue;
    units.push(unitId);
    seqs.set(unitId, seq);
  }
  return { units, seqs };
}

export interface UnitDbPass {
  steps: SetupStep[];
  /** revisions copied into unit databases */
  down: number;
  /** revisions of self-assessments copied into the assessment's database */
  up: number;
}

/**
 * Creates (or checks) the database of every unit with a login, its access rules and validation
 * function, and copies what changed both ways. Idempotent: a second pass changes nothing.
 */
export async function syncUnitDatabases(client: CouchClient, db: string, watch?: UnitDbWatch): Promise<UnitDbPass> {
  const pass: UnitDbPass = { steps: [], down: 0, up: 0 };
  const logins = await unitLogins(client);
  if (logins.size === 0) return pass;
  // read before anything else: whatever changes from here on is seen by the next pass
  const mainSeq = watch && (await updateSeq(client, db));
  const updates = watch && watch.updatesSeq !== null ? await updatedDbs(client, watch.updatesSeq) : null;
  const done = () => {
    if (!watch) return;
    watch.mainSeq = mainSeq;
    watch.updatesSeq = updates ? updates.seq : null;
  };
  const { units: unitIds, seqs } = watch ? await unitsToWatch(client, db, [...logins.keys()], watch, updates?.dbs ?? null) : { units: [...logins.keys()], seqs: new Map<string, unknown>() };
  if (unitIds.length === 0) {
    done();
    return pass;
  }
  const main = await docStates(client, db, [ASSESSMENT_DOC_ID, ...unitIds.map((u) => `unit:${u}`)]);
  const assessment = main.get(ASSESSMENT_DOC_ID);
  const groups = (assessment?.doc?.data as { groups?: { key: string; ruleSetHash: string }[] } | undefined)?.groups ?? [];
  const ruleSetOf = (unitId: string): string | undefined => {
    const unit = main.get(`unit:${unitId}`);
    const group = (unit?.doc?.data as { group?: string } | undefined)?.group;
    const hash = groups.find((g) => g.key === group)?.ruleSetHash;
    return hash === undefined ? undefined : `ruleSet:${hash}`;
  };
  const present = unitIds.filter((u) => main.has(`unit:${u}`));
  const extra = await docStates(client, db, [...new Set(present.flatMap((u) => [selfDocId(u), ruleSetOf(u) ?? []].flat()))]);
  for (const [id, s] of extra) main.set(id, s);
  // a self-assessment in conflict closed on the assessment's database: the closed leaves go down too
  const closed = await allLeaves(client, db, [...extra.keys()].filter((id) => id.startsWith('self:')));
  for (const [id, leaves] of closed) {
    const s = main.get(id);
    if (s) s.leaves = [...new Set([...s.leaves, ...leaves])];
  }

  for (const unitId of unitIds) {
    const unitDoc = main.get(`unit:${unitId}`);
    if (!unitDoc) {
      pass.steps.push({ what: `单位账号 ${logins.get(unitId)!.join('、')}：单位 ${unitId} 不在本考核中，未建单位数据库`, outcome: 'unchanged' });
      watch?.unitSeqs.set(unitId, null);
      continue;
    }
    const name = unitDbName(db, unitId);
    const created = await ensureDb(client, name);
    const security = await ensureSecurity(client, name, unitSecurityObject(unitId));
    const design = await ensureDesign(client, name, unitDesignDoc(unitId));
    // as before the copying: the unit's writes from here on are seen by the next pass (through the
    // feed of updated databases, read before the pass, where the server has it)
    const unitSeq = watch && (updates ? updates.seq : seqs.has(unitId) ? seqs.get(unitId) : await updateSeq(client, name));
    // a unit removed from the assessment gets the removal and nothing more
    const downIds = unitDoc.deleted ? [`unit:${unitId}`] : [ASSESSMENT_DOC_ID, `unit:${unitId}`, ruleSetOf(unitId), selfDocId(unitId)];
    const down: Record<string, string[]> = {};
    for (const id of downIds) if (id && main.get(id)) down[id] = main.get(id)!.leaves;
    const copiedDown = await copyRevisions(client, db, name, down);
    const own = (await docStates(client, name, [selfDocId(unitId)])).get(selfDocId(unitId));
    const copiedUp = own ? await copyRevisions(client, name, db, { [selfDocId(unitId)]: own.leaves }) : 0;
    pass.down += copiedDown;
    pass.up += copiedUp;
    const label = (unitDoc.doc?.data as { name?: string } | undefined)?.name ?? unitId;
    const changes = [copiedDown > 0 && `下发 ${copiedDown} 个版本`, copiedUp > 0 && `上收自评 ${copiedUp} 个版本`].filter(Boolean).join('，');
    pass.steps.push({
      what: `单位数据库 ${name}（${label}）${changes ? `：${changes}` : ''}`,
      outcome: created === 'created' ? 'created' : security !== 'unchanged' || design !== 'unchanged' || changes ? 'updated' : 'unchanged',
    });
    if (watch && unitSeq !== undefined) watch.unitSeqs.set(unitId, unitSeq);
  }
  // only after a whole pass: a pass that failed half-way is made again whole
  done();
  return pass;
}
