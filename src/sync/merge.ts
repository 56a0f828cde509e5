/**
 * Merging a bundle into a local assessment, as a plan: a pure function of the two sides, so the same
 * inputs always give the same plan and the database only has to apply it.
 *
 * The rule is chosen to be safe rather than clever. Every entry has a stable id and a revision; two
 * versions of one entry are the same when their content is (revision and who/when aside). Differing
 * content is a conflict for a person to decide, except when one assessor simply worked on: the incoming
 * revision is newer and the local one was also last written by that assessor (then it is an update),
 * or the local one is newer and by the same assessor (then the incoming copy is stale and skipped).
 */
import { clip } from '../model/issues';
import type { Assessment, Bundle } from '../model/assessment';
import { canonicalJson, contentHash } from './contentHash';
import { cellEntryId } from '../model/cellId';
import type { RuleSet } from '../model/ruleSet';
import type { Assessor, EntryRemoval, ScoreEntry, Unit } from '../model/entries';

export interface MergeLocal {
  assessment: Pick<Assessment, 'id' | 'name' | 'groups'>;
  ruleSets: readonly RuleSet[];
  units: readonly Unit[];
  assessors: readonly Assessor[];
  entries: readonly ScoreEntry[];
  /** entries deleted here */
  removals?: readonly EntryRemoval[];
}

/** Two versions of one entry, shown side by side for the coordinator to choose. */
export interface Conflict {
  /** entry id + hash of the incoming content: the same disagreement always has the same id */
  id: string;
  entryId: string;
  unitId: string;
  unitName: string;
  node: string;
  assessorId: string;
  objectId?: string;
  /** null: deleted here */
  local: ScoreEntry | null;
  /** null: deleted in the file (then `removal` says by whom) */
  incoming: ScoreEntry | null;
  removal?: EntryRemoval;
}

export interface RuleSetMismatchGroup {
  groupKey: string;
  groupName: string;
  /** null: the local assessment has no such group */
  localHash: string | null;
  localVersion?: string;
  incomingHash: string;
  incomingVersion?: string;
}

export interface RuleSetMismatch {
  groups: RuleSetMismatchGroup[];
  message: string;
}

export interface MergeRefusal {
  code: 'wrongAssessment' | 'ruleSetMismatch' | 'duplicateId' | 'entryOfAnotherCell';
  message: string;
}

export interface MergePlan {
  /** set: nothing may be applied */
  refused?: MergeRefusal;
  ruleSetMismatch?: RuleSetMismatch;
  /** entries new to the local assessment, stored as they come (revision included) */
  add: ScoreEntry[];
  /** the same assessor's later revision replacing the local one */
  update: { local: ScoreEntry; incoming: ScoreEntry }[];
  /** entry ids whose content is already here (or whose conflict was already decided for local) */
  unchanged: string[];
  /** entry ids where the local copy is a later revision by the same assessor (or was deleted later) */
  olderSkipped: string[];
  /** local entries the file deletes: the same person's later revision, a deletion */
  remove: { local: ScoreEntry; removal: EntryRemoval }[];
  /** deletions of entries not here, kept so that an older copy of them is not added later */
  removalsToStore: EntryRemoval[];
  conflicts: Conflict[];
  unitsToAdd: Unit[];
  assessorsToAdd: Assessor[];
  /** ids of units present on both sides with different details: the local ones are kept */
  unitsDiffering: string[];
}

export interface MergeOptions {
  /** conflict ids the coordinator already decided by keeping the local value */
  keptLocal?: ReadonlySet<string>;
}

/** What an entry says, without who wrote it when and which revision it is. */
export function entryContent(entry: ScoreEntry): Omit<ScoreEntry, 'rev' | 'updatedAt' | 'updatedBy'> {
  const { rev: _rev, updatedAt: _at, updatedBy: _by, ...content } = entry;
  return content;
}

export function sameContent(a: ScoreEntry, b: ScoreEntry): boolean {
  return canonicalJson(entryContent(a)) === canonicalJson(entryContent(b));
}

export function conflictId(incoming: ScoreEntry): string {
  return `${incoming.id}|${contentHash(entryContent(incoming)).slice('sha256:'.length, 'sha256:'.length + 16)}`;
}

/** The same for a deletion in the file. */
export function removalConflictId(removal: EntryRemoval): string {
  return `${removal.id}|removed:${removal.rev}`;
}

function emptyPlan(): MergePlan {
  return {
    add: [],
    update: [],
    remove: [],
    removalsToStore: [],
    unchanged: [],
    olderSkipped: [],
    conflicts: [],
    unitsToAdd: [],
    assessorsToAdd: [],
    unitsDiffering: [],
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function duplicateIds(items: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const { id } of items) (seen.has(id) ? dups : seen).add(id);
  return [...dups].sort();
}

function versionsByHash(ruleSets: readonly RuleSet[]): Map<string, string> {
  return new Map(ruleSets.map((rs) => [contentHash(rs), `${rs.name} ${rs.version}`]));
}

function findRuleSetMismatch(local: MergeLocal, incoming: Bundle): RuleSetMismatch | undefined {
  const localVersions = versionsByHash(local.ruleSets);
  const incomingVersions = versionsByHash(incoming.ruleSets);
  const localGroups = new Map(local.assessment.groups.map((g) => [g.key, g]));
  const groups: RuleSetMismatchGroup[] = [];
  for (const g of incoming.assessment.groups) {
    const mine = localGroups.get(g.key);
    if (mine?.ruleSetHash === g.ruleSetHash) continue;
    const localVersion = mine && localVersions.get(mine.ruleSetHash);
    const incomingVersion = incomingVersions.get(g.ruleSetHash);
    groups.push({
      groupKey: g.key,
      groupName: mine?.name ?? g.name,
      localHash: mine?.ruleSetHash ?? null,
      ...(localVersion !== undefined && { localVersion }),
      incomingHash: g.ruleSetHash,
      ...(incomingVersion !== undefined && { incomingVersion }),
    });
  }
  if (groups.length === 0) return undefined;
  const short = (hash: string) => hash.slice('sha256:'.length, 'sha256:'.length + 8);
  const lines = groups.map((m) =>
    m.localHash === null
      ? `分组“${clip(m.groupName)}”（${clip(m.groupKey)}）本考核中没有`
      : `分组“${clip(m.groupName)}”本地使用 ${clip(m.localVersion ?? m.groupKey)}（${short(m.localHash)}），导入文件使用 ${clip(m.incomingVersion ?? m.groupKey)}（${short(m.incomingHash)}）`,
  );
  return {
    groups,
    message: `导入文件的评分规则与本考核不一致，未导入任何数据：${lines.join('；')}。请先统一规则集版本后再导入。`,
  };
}

export function planMerge(local: MergeLocal, incoming: Bundle, options: MergeOptions = {}): MergePlan {
  const plan = emptyPlan();
  if (incoming.assessment.id !== local.assessment.id) {
    plan.refused = {
      code: 'wrongAssessment',
      message: `导入文件属于考核“${clip(incoming.assessment.name)}”（${clip(incoming.assessment.id)}），不是当前考核“${clip(local.assessment.name)}”（${clip(local.assessment.id)}），未导入任何数据。`,
    };
    return plan;
  }
  for (const [what, items] of [
    ['评分记录', incoming.entries],
    ['单位', incoming.units],
    ['考核人员', incoming.assessors],
  ] as const) {
    const dups = duplicateIds(items);
    if (dups.length > 0) {
      plan.refused = { code: 'duplicateId', message: `导入文件中${what}的 id 重复：${dups.slice(0, 5).map(clip).join('、')}${dups.length > 5 ? ` 等 ${dups.length} 个` : ''}，未导入任何数据。` };
      return plan;
    }
  }
  const mismatch = findRuleSetMismatch(local, incoming);
  if (mismatch) {
    plan.refused = { code: 'ruleSetMismatch', message: mismatch.message };
    plan.ruleSetMismatch = mismatch;
    return plan;
  }

  const localUnits = new Map(local.units.map((u) => [u.id, u]));
  for (const u of [...incoming.units].sort(byId)) {
    const mine = localUnits.get(u.id);
    if (!mine) plan.unitsToAdd.push(u);
    else if (canonicalJson(mine) !== canonicalJson(u)) plan.unitsDiffering.push(u.id);
  }
  const localAssessors = new Set(local.assessors.map((a) => a.id));
  plan.assessorsToAdd = [...incoming.assessors].sort(byId).filter((a) => !localAssessors.has(a.id));

  const unitNames = new Map([...incoming.units, ...local.units].map((u) => [u.id, u.name]));
  const localEntries = new Map(local.entries.map((e) => [e.id, e]));
  // an entry id names one cell for good: the same id for another unit, node, assessor or object is a
  // different record that cannot be merged
  const moved = incoming.entries.filter((e) => {
    const mine = localEntries.get(e.id);
    return mine !== undefined && cellEntryId(mine) !== cellEntryId(e);
  });
  if (moved.length > 0) {
    const cell = (e: ScoreEntry) => `单位“${unitNames.get(e.unitId) ?? e.unitId}”、指标 ${e.node}、考核人员 ${e.assessorId}${e.objectId ? `、对象 ${e.objectId}` : ''}`;
    const first = moved[0]!;
    plan.refused = {
      code: 'entryOfAnotherCell',
      message:
        `导入文件中评分记录 id“${first.id}”在本考核中属于${cell(localEntries.get(first.id)!)}，文件中却是${cell(first)}` +
        `${moved.length > 1 ? `（共 ${moved.length} 条这样的记录）` : ''}，未导入任何数据。`,
    };
    return plan;
  }
  const localRemovals = new Map((local.removals ?? []).map((r) => [r.id, r]));
  const conflict = (cell: EntryRemoval | ScoreEntry, id: string, sides: Pick<Conflict, 'local' | 'incoming' | 'removal'>) => {
    if (options.keptLocal?.has(id)) {
      plan.unchanged.push(cell.id);
      return;
    }
    plan.conflicts.push({
      id,
      entryId: cell.id,
      unitId: cell.unitId,
      unitName: unitNames.get(cell.unitId) ?? cell.unitId,
      node: cell.node,
      assessorId: cell.assessorId,
      ...(cell.objectId !== undefined && { objectId: cell.objectId }),
      ...sides,
    });
  };
  for (const e of [...incoming.entries].sort(byId)) {
    const mine = localEntries.get(e.id);
    if (!mine) {
      const gone = localRemovals.get(e.id);
      // deleted here: a revision older than the deletion stays deleted; the deleting person's later
      // revision comes back; anything else is for the coordinator to decide
      if (!gone || (gone.removedBy === e.updatedBy && e.rev > gone.rev)) plan.add.push(e);
      else if (e.rev < gone.rev) plan.olderSkipped.push(e.id);
      else conflict(e, conflictId(e), { local: null, incoming: e });
      continue;
    }
    if (sameContent(mine, e)) {
      plan.unchanged.push(e.id);
      continue;
    }
    const sameAuthor = mine.updatedBy !== undefined && mine.updatedBy === e.updatedBy;
    if (sameAuthor && e.rev > mine.rev) {
      plan.update.push({ local: mine, incoming: e });
      continue;
    }
    if (sameAuthor && e.rev < mine.rev) {
      plan.olderSkipped.push(e.id);
      continue;
    }
    conflict(e, conflictId(e), { local: mine, incoming: e });
  }
  for (const r of [...(incoming.removals ?? [])].sort(byId)) {
    const mine = localEntries.get(r.id);
    if (!mine) {
      const known = localRemovals.get(r.id);
      if (known && known.rev >= r.rev) plan.unchanged.push(r.id);
      else plan.removalsToStore.push(r);
      continue;
    }
    const sameAuthor = mine.updatedBy !== undefined && mine.updatedBy === r.removedBy;
    // as for an edit: the same person's later deletion applies, an earlier one is skipped, anything
    // else (someone else's revision here, or the same revision number on both sides) is asked
    if (sameAuthor && r.rev > mine.rev) plan.remove.push({ local: mine, removal: r });
    else if (sameAuthor && r.rev < mine.rev) plan.olderSkipped.push(r.id);
    else conflict(r, removalConflictId(r), { local: mine, incoming: null, removal: r });
  }
  return plan;
}
