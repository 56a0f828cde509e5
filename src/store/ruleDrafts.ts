/**
 * Rule-set drafts of the editor. A draft is work in progress, not assessment data: writing it needs
 * no open assessment and leaves no audit row; applying it goes through setGroupRuleSet.
 */
import type { KaoheDb } from './database';
import type { RuleDraftRow } from './schema';

export async function putRuleDraft(db: KaoheDb, row: RuleDraftRow): Promise<void> {
  await db.ruleDrafts.put(row);
}

export async function getRuleDraft(db: KaoheDb, id: string): Promise<RuleDraftRow | undefined> {
  return db.ruleDrafts.get(id);
}

/** The assessment's drafts, the one worked on last first. */
export async function listRuleDrafts(db: KaoheDb, assessmentId: string): Promise<RuleDraftRow[]> {
  const rows = await db.ruleDrafts.where('assessmentId').equals(assessmentId).toArray();
  return rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1));
}

export async function deleteRuleDraft(db: KaoheDb, id: string): Promise<void> {
  await db.ruleDrafts.delete(id);
}
