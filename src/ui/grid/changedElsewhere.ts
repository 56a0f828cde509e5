/**
 * Did a cell change, since its editor opened, by a write that is not this tab's own? Another tab (or a
 * merge) may save the same cell while an editor is open here; committing then would silently replace
 * the newer value, so the editor asks first. Entries are compared by id and revision: every save bumps
 * the revision, and this tab remembers the revisions it wrote itself.
 */
import type { ScoreEntry } from '../../engine';

export const revisionKey = (e: ScoreEntry): string => `${e.id}\u0000${e.rev}`;

export function changedElsewhere(opened: ScoreEntry | undefined, now: ScoreEntry | undefined, ownRevisions: ReadonlySet<string>): boolean {
  if (opened === now) return false;
  if (opened && now && opened.id === now.id && opened.rev === now.rev) return false;
  // what is stored now was written here (an earlier edit of this cell reaching the disk)
  if (now && ownRevisions.has(revisionKey(now))) return false;
  // emptied here: the removal was this tab's own when the opened entry was this tab's too
  if (!now && opened && ownRevisions.has(revisionKey(opened))) return false;
  return true;
}
