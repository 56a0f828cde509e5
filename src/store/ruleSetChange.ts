/**
 * Replacing a group's rule set in an assessment that has entries, as one transaction: the new rule set
 * pinned, the entries the user chose to clamp saved, the ones to take out removed (each with its audit
 * row, the old content in `before`), units whose class is gone updated, and one audit row for the
 * change itself with the old rule set's hash and the decisions. A locked assessment is refused.
 */
import type { RuleSet } from '../model/ruleSet';
import type { ScoreEntry, Unit } from '../model/entries';
import { contentHash } from '../sync/contentHash';
import { auditRow, nowIso } from './audit';
import type { KaoheDb } from './database';
import { putEntry, removeEntry } from './entries';
import { IntegrityError } from './errors';
import { requireOpen } from './guard';
import { PackSet } from './packs';
import { withoutAssessment } from './rows';

export interface RuleSetChangeWrites {
  /** the hash the plan was made against: a change made meanwhile makes the plan stale */
  expectedHash: string;
  saves: readonly ScoreEntry[];
  removes: readonly ScoreEntry[];
  units: readonly Unit[];
  /** reason written on every entry row */
  why: string;
  /** decisions and counts, stored with the change */
  record: Record<string, unknown>;
}

export async function changeGroupRuleSet(db: KaoheDb, assessmentId: string, groupKey: string, ruleSet: RuleSet, who: string, w: RuleSetChangeWrites): Promise<string> {
  if (ruleSet.group.key !== groupKey)
    throw new IntegrityError(`规则集“${ruleSet.name}”适用于分组“${ruleSet.group.name}”（${ruleSet.group.key}），不能用于分组“${groupKey}”。`);
  const hash = contentHash(ruleSet);
  await db.transaction('rw', [db.assessments, db.ruleSets, db.units, db.assessors, db.unitPacks, db.removals, db.audit], async () => {
    const a = await requireOpen(db, assessmentId);
    const old = a.groups.find((g) => g.key === groupKey);
    if (!old) throw new IntegrityError(`考核中没有分组“${groupKey}”`);
    if (old.ruleSetHash !== w.expectedHash) throw new IntegrityError('规则集在检查影响之后已被更改，请重新导入并检查影响。');
    const at = nowIso();
    await db.ruleSets.put({ hash, id: ruleSet.id, ruleSet });
    await db.assessments.put({ ...a, groups: a.groups.map((g) => (g.key === groupKey ? { ...g, ruleSetId: ruleSet.id, ruleSetHash: hash } : g)) });
    await db.audit.add(
      auditRow(
        {
          assessmentId,
          who,
          action: 'ruleSet.set',
          before: { group: groupKey, ruleSetId: old.ruleSetId, ruleSetHash: old.ruleSetHash },
          after: { group: groupKey, ruleSetId: ruleSet.id, version: ruleSet.version, ruleSetHash: hash, ...w.record },
          why: w.why,
        },
        at,
      ),
    );
    for (const u of w.units) {
      const row = await db.units.get([assessmentId, u.id]);
      await db.units.put({ ...u, assessmentId });
      await db.audit.add(auditRow({ assessmentId, who, action: 'unit.upsert', unitId: u.id, before: row ? withoutAssessment(row) : null, after: u, why: w.why }, at));
    }
    const packs = new PackSet(db, assessmentId);
    for (const e of w.saves) await putEntry(db, packs, assessmentId, e, who, w.why, at);
    for (const e of w.removes) await removeEntry(db, packs, assessmentId, e, who, w.why, at);
    await packs.flush();
  });
  return hash;
}
