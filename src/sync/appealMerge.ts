/**
 * Merging appeals from a bundle, as a plan (a pure function of both sides). An appeal is written by
 * the office only (recorded, then decided), so the rule is the revision's: the higher revision wins;
 * equal content is unchanged whatever the revision; the same revision with different content (two
 * offices edited copies independently) is a conflict, and the local copy is kept and reported. Such a
 * conflict is settled by recording or deciding the appeal again here, which makes a higher revision
 * that wins on every machine it reaches.
 */
import type { Appeal } from '../model/appeal';
import { canonicalJson } from './contentHash';

export interface AppealMergePlan {
  add: Appeal[];
  update: { local: Appeal; incoming: Appeal }[];
  unchanged: string[];
  /** the local copy is a later revision */
  olderSkipped: string[];
  /** same revision, different content: the local copy is kept */
  conflicts: { local: Appeal; incoming: Appeal }[];
}

/** What an appeal says, without which revision it is and who stored it when. */
export function appealContent(a: Appeal): Omit<Appeal, 'rev' | 'updatedAt' | 'updatedBy'> {
  const { rev: _rev, updatedAt: _at, updatedBy: _by, ...content } = a;
  return content;
}

export function planAppealMerge(local: readonly Appeal[], incoming: readonly Appeal[]): AppealMergePlan {
  const plan: AppealMergePlan = { add: [], update: [], unchanged: [], olderSkipped: [], conflicts: [] };
  const here = new Map(local.map((a) => [a.id, a]));
  for (const a of incoming) {
    const l = here.get(a.id);
    if (!l) plan.add.push(a);
    else if (canonicalJson(appealContent(l)) === canonicalJson(appealContent(a))) plan.unchanged.push(a.id);
    else if (a.rev > l.rev) plan.update.push({ local: l, incoming: a });
    else if (a.rev < l.rev) plan.olderSkipped.push(a.id);
    else plan.conflicts.push({ local: l, incoming: a });
  }
  return plan;
}
