/**
 * Rule sets are stored once per content hash and shared; an assessment's group pins one by hash.
 */
import { contentHash } from '../sync/contentHash';
import type { RuleSet } from '../model/ruleSet';
import { auditRow } from './audit';
import type { KaoheDb } from './database';
import { IntegrityError } from './errors';
import { requireOpen } from './guard';

/** Stores the rule set (idempotent) and returns its content hash. */
export async function addRuleSet(db: KaoheDb, ruleSet: RuleSet): Promise<string> {
  const hash = contentHash(ruleSet);
  await db.ruleSets.put({ hash, id: ruleSet.id, ruleSet });
  return hash;
}

/** Every stored version of every rule set, newest year first. */
export async function listRuleSets(db: KaoheDb): Promise<{ hash: string; ruleSet: RuleSet }[]> {
  const rows = await db.ruleSets.toArray();
  return rows
    .sort((a, b) => b.ruleSet.year - a.ruleSet.year || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.hash < b.hash ? -1 : 1))
    .map(({ hash, ruleSet }) => ({ hash, ruleSet }));
}

/**
 * Pins `ruleSet` for the group (adding the group when the assessment does not have it yet). The rule
 * set must be written for that group: its `group.key` is the group key.
 */
export async function setGroupRuleSet(db: KaoheDb, assessmentId: string, groupKey: string, ruleSet: RuleSet, who: string): Promise<string> {
  if (ruleSet.group.key !== groupKey)
    throw new IntegrityError(`规则集“${ruleSet.name}”适用于分组“${ruleSet.group.name}”（${ruleSet.group.key}），不能用于分组“${groupKey}”。`);
  const hash = contentHash(ruleSet);
  await db.transaction('rw', [db.assessments, db.ruleSets, db.audit], async () => {
    const a = await requireOpen(db, assessmentId);
    const old = a.groups.find((g) => g.key === groupKey);
    const pinned = { key: groupKey, name: old?.name ?? ruleSet.group.name, ruleSetId: ruleSet.id, ruleSetHash: hash };
    const groups = old ? a.groups.map((g) => (g.key === groupKey ? pinned : g)) : [...a.groups, pinned];
    await db.ruleSets.put({ hash, id: ruleSet.id, ruleSet });
    await db.assessments.put({ ...a, groups });
    await db.audit.add(
      auditRow({
        assessmentId,
        who,
        action: 'ruleSet.set',
        before: old ? { group: groupKey, ruleSetId: old.ruleSetId, ruleSetHash: old.ruleSetHash } : null,
        after: { group: groupKey, ruleSetId: ruleSet.id, version: ruleSet.version, ruleSetHash: hash },
      }),
    );
  });
  return hash;
}
