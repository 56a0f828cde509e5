/**
 * Conflicts of units' self-assessments replicated through a server. A unit that fills in its
 * self-assessment on two machines while they are apart leaves two versions of `self:<unitId>` on the
 * server: a CouchDB conflict. Meanwhile the later version counts here, as a later result file would; the
 * versions wait, with their material's bytes, in the conflicts view for the coordinator to choose one
 * (selfSync.ts stores the choice). The choice goes to the server as a new version on top of those it was
 * chosen from, closing the others, so every machine of the unit gets it. Once the server is seen to hold
 * a version written after them (the unit worked on), the choice is not sent any more.
 */
import type { SyncEntity } from '../sync/couch/docs';
import { canonicalJson, contentHash } from '../sync/contentHash';
import type { Attachment } from '../model/attachment';
import { nowIso } from './audit';
import { storeFile } from './attachments';
import type { KaoheDb } from './database';
import type { SelfConflictRow, SelfVersion } from './schema';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A pulled self-assessment as a version, its files in id order. */
export function versionOf(e: Extract<SyncEntity, { kind: 'self' }>): SelfVersion {
  return { ...e.data, ...(e.files?.length && { files: [...e.files].sort(byId) }) };
}

/** What a version says: who wrote it when aside. */
const saying = (v: SelfVersion) => canonicalJson({ ruleSetHash: v.ruleSetHash, items: v.items, files: v.files ?? [] });
const whole = (v: SelfVersion) => canonicalJson({ ...v, files: [...(v.files ?? [])].sort(byId) });

/** Every file a conflict's versions list (the chosen document lists those of its version). */
export function versionFiles(c: SelfConflictRow): Attachment[] {
  return c.versions.flatMap((v) => v.files ?? []);
}

/**
 * Records the self-assessments among documents in a CouchDB conflict (each set: the server's winning
 * version, then the other leaves) as conflicts for the coordinator, with the bytes of their files. Only
 * on the office's assessment; versions of another rule set than the unit's group's are left out, and
 * versions that say the same are no conflict. A disagreement already recorded (decided or not) is not
 * recorded again. Returns the number of new conflicts.
 */
export async function recordSelfConflicts(
  db: KaoheDb,
  assessmentId: string,
  sets: readonly (readonly SyncEntity[])[],
  bytes: ReadonlyMap<string, Uint8Array>,
  at: string = nowIso(),
): Promise<number> {
  const a = await db.assessments.get(assessmentId);
  // a unit's copy keeps the later version: the coordinator decides on the assessment
  if (!a || a.self) return 0;
  let added = 0;
  for (const set of sets) {
    const all = set.flatMap((e) => (e.kind === 'self' && e.data.assessmentId === assessmentId ? [versionOf(e)] : []));
    const unitId = all[0]?.unitId;
    if (unitId === undefined || all.some((v) => v.unitId !== unitId)) continue;
    await db.transaction('rw', [db.selfConflicts, db.units, db.files], async () => {
      const unit = await db.units.get([assessmentId, unitId]);
      const ruleSetHash = a.groups.find((g) => g.key === unit?.group)?.ruleSetHash;
      const versions = all.filter((v) => v.ruleSetHash === ruleSetHash);
      if (!unit || new Set(versions.map(saying)).size < 2) return;
      const id = `${unitId}|${contentHash(versions.map(whole).sort()).slice('sha256:'.length, 'sha256:'.length + 16)}`;
      if (await db.selfConflicts.get([assessmentId, id])) return;
      for (const f of versions.flatMap((v) => v.files ?? [])) {
        const b = bytes.get(f.hash);
        if (b) await storeFile(db, f.hash, f.type, b, at);
      }
      await db.selfConflicts.put({ assessmentId, id, unitId, unitName: unit.name, versions, detectedAt: at, status: 'pending' });
      added++;
    });
  }
  return added;
}

/** The assessment's self-assessment conflicts, by unit; by default only those still waiting for a choice. */
export async function listSelfConflicts(db: KaoheDb, assessmentId: string, status: SelfConflictRow['status'] | 'all' = 'pending'): Promise<SelfConflictRow[]> {
  const rows = await db.selfConflicts.where('assessmentId').equals(assessmentId).toArray();
  return rows.filter((c) => status === 'all' || c.status === status).sort((x, y) => (x.unitId < y.unitId ? -1 : x.unitId > y.unitId ? 1 : x.detectedAt < y.detectedAt ? -1 : 1));
}

/** The decisions still to be written to the server, as the documents that close their conflicts. */
export async function decidedSelfEntities(db: KaoheDb, assessmentId: string): Promise<SyncEntity[]> {
  const rows = await db.selfConflicts.where('assessmentId').equals(assessmentId).toArray();
  return rows.flatMap((c): SyncEntity[] => {
    if (c.status !== 'decided' || c.closed || !c.decided) return [];
    const { files, ...data } = c.decided;
    return [{ kind: 'self', data, ...(files?.length && { files }) }];
  });
}

/**
 * A version of the unit's self-assessment pulled from the server that is none of a conflict's versions:
 * the server has moved past them. A decision is then not sent any more; a conflict still waiting is
 * dropped (when the server still holds a conflict, it came with the pull as a new one). Returns the
 * hashes of files the dropped conflicts listed, to be freed once the pulled version is stored. Runs
 * inside the caller's transaction (with `selfConflicts`).
 */
export async function closeMovedPast(db: KaoheDb, assessmentId: string, pulled: SelfVersion): Promise<string[]> {
  const key = whole(pulled);
  const open = await db.selfConflicts.where('assessmentId').equals(assessmentId).filter((c) => c.unitId === pulled.unitId && (c.status === 'pending' || !c.closed)).toArray();
  const released: string[] = [];
  for (const c of open) {
    if (c.versions.some((v) => whole(v) === key)) continue;
    if (c.status === 'decided') await db.selfConflicts.put({ ...c, closed: true });
    else {
      await db.selfConflicts.delete([assessmentId, c.id]);
      released.push(...versionFiles(c).map((f) => f.hash));
    }
  }
  return released;
}
