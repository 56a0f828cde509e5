import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRuleSetChange, planRuleSetChange, IMPACT_KINDS, type RuleSetDecisions } from '../../src/app/changeRuleSet';
import type { KaoheDb } from '../../src/store/database';
import { auditLog, exportBundle, loadAssessmentData, loadBundleAsNewAssessment, LockedError } from '../../src/store/repo';
import { lockAssessment } from '../../src/app/lock';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import type { RuleSetInput } from '../../src/model/ruleSet';
import { parseRuleSet } from '../../src/engine';
import { applyRuleDraft } from '../../src/app/ruleDraft';
import { makeBundle } from '../fixtures/bundles';
import { ENTRIES, UNITS, children, rules } from '../engine/change/changeFixtures';
import { dump, freshDb } from '../store/testDb';

const A = 'a-2024';
const open: KaoheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function seeded(): Promise<KaoheDb> {
  const db = freshDb();
  open.push(db);
  await loadBundleAsNewAssessment(
    db,
    makeBundle({ ruleSet: rules(), units: UNITS, entries: ENTRIES, assessors: [{ id: 'as1', name: '张三', owns: [] }] }),
  );
  return db;
}

const lowerBasic = rules((r) => Object.assign(children(r)[0]!, { max: 2.5 }));

describe('changing the rule set of an assessment with entries', () => {
  it('the editor’s apply refuses a change that affects stored entries, and changes nothing', async () => {
    const db = await seeded();
    const before = await dump(db);
    const r = await applyRuleDraft(db, A, lowerBasic, '协调人');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toContain('影响 1 条');
    expect(await dump(db)).toEqual(before);
  });

  it('clamps a value above the new max and logs the change with the old hash and the decision', async () => {
    const db = await seeded();
    const plan = await planRuleSetChange(db, A, 'city', lowerBasic);
    expect(plan.kinds).toEqual([{ kind: 'aboveMax', count: 1 }]);
    const out = await applyRuleSetChange(db, plan, { aboveMax: 'clamp' }, '协调人');
    expect(out).toMatchObject({ applied: true, clamped: 1, noted: 0 });
    const data = await loadAssessmentData(db, A);
    expect(data.entries.find((e) => e.id === 'e1')?.value).toBe(2.5);
    expect(data.assessment.groups[0]?.ruleSetHash).toBe(plan.newHash);
    const log = await auditLog(db, A);
    const change = log.find((r) => r.action === 'ruleSet.set' && (r.before as { ruleSetHash?: string } | null)?.ruleSetHash === plan.oldHash);
    expect(change?.after).toMatchObject({ oldRuleSetHash: plan.oldHash, decisions: { aboveMax: 'clamp' }, affected: { aboveMax: 1 } });
    expect(log.find((r) => r.action === 'entry.save' && r.entryId === 'e1')?.why).toContain('更换规则集');
  });

  it('keeps a noted entry in the audit log and takes it out of scoring', async () => {
    const db = await seeded();
    const plan = await planRuleSetChange(db, A, 'city', lowerBasic);
    await applyRuleSetChange(db, plan, { aboveMax: 'note' }, '协调人');
    const data = await loadAssessmentData(db, A);
    expect(data.entries.some((e) => e.id === 'e1')).toBe(false);
    const row = (await auditLog(db, A, { unitId: 'u1' })).find((r) => r.action === 'entry.delete' && r.entryId === 'e1');
    expect(row?.before).toMatchObject({ value: 3.5 });
  });

  it('changes nothing when a kind is cancelled or left undecided', async () => {
    const db = await seeded();
    const before = await dump(db);
    const plan = await planRuleSetChange(db, A, 'city', lowerBasic);
    expect(await applyRuleSetChange(db, plan, { aboveMax: 'cancel' }, '协调人')).toEqual({ applied: false, reason: 'cancelled', kinds: ['aboveMax'] });
    expect(await applyRuleSetChange(db, plan, {}, '协调人')).toEqual({ applied: false, reason: 'undecided', kinds: ['aboveMax'] });
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a locked assessment, whatever the decisions', async () => {
    const db = await seeded();
    await lockAssessment(db, A, '协调人');
    const plan = await planRuleSetChange(db, A, 'city', lowerBasic);
    expect(plan.locked).toBe(true);
    const before = await dump(db);
    await expect(applyRuleSetChange(db, plan, { aboveMax: 'clamp' }, '协调人')).rejects.toBeInstanceOf(LockedError);
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a stale plan (the rule set changed after the impact was checked)', async () => {
    const db = await seeded();
    const first = await planRuleSetChange(db, A, 'city', lowerBasic);
    const second = await planRuleSetChange(db, A, 'city', rules((r) => Object.assign(children(r)[0]!, { max: 3 })));
    await applyRuleSetChange(db, first, { aboveMax: 'clamp' }, '协调人');
    await expect(applyRuleSetChange(db, second, { aboveMax: 'clamp' }, '协调人')).rejects.toThrow('重新导入');
  });
});

/** Changes a rule set can make, each one of the impact kinds (and combinations of them). */
const CHANGES: ((r: RuleSetInput) => void)[] = [
  (r) => at(r, 'basic', 'points', (n) => (n.max = 1.5)),
  (r) => at(r, 'basic', 'points', (n) => (n.step = 2)),
  (r) => (r.root as { children: unknown[] }).children.splice(children(r).findIndex((n) => n.key === 'basic'), 1),
  (r) => at(r, 'basic', 'points', (n) => (Object.assign(n, { type: 'deduction', perFinding: 1 }), delete n.step)),
  (r) => at(r, 'website', 'deduction', (n) => (n.checkpoints = [{ key: 'late', name: '更新不及时', deduction: 1 }])),
  (r) => at(r, 'guide', 'checklist', (n) => (n.items = [{ key: 'search', name: '可检索', points: 1 }])),
  (r) => (r.unitClasses = []),
  (r) => (r.unitClasses = [{ key: 'small', name: '不考基础', excludes: ['basic'] }]),
  (r) => (r.vetoes = []),
  (r) => at(r, 'website', 'deduction', (n) => (delete n.checkpoints, delete n.perFinding)),
];

/** Changes the root's child `key` when it is still of `type` (an earlier change may have removed or retyped it). */
function at(r: RuleSetInput, key: string, type: string, change: (n: Record<string, unknown>) => void): void {
  const n = children(r).find((c) => c.key === key);
  if (n?.type === type) change(n);
}

describe('after any decisions, the full export imports again', () => {
  it('validates against the new rule set (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(CHANGES.map((_, i) => i), { minLength: 1 }),
        fc.array(fc.constantFrom('clamp', 'note'), { minLength: IMPACT_KINDS.length, maxLength: IMPACT_KINDS.length }),
        async (changes, choices) => {
          const next = rules((r) => {
            for (const i of changes) CHANGES[i]!(r);
          });
          // a change that breaks the rule set itself (a class excluding a removed node) never gets this far
          fc.pre(parseRuleSet(next).ok);
          const db = await seeded();
          const plan = await planRuleSetChange(db, A, 'city', next);
          const decisions: RuleSetDecisions = Object.fromEntries(IMPACT_KINDS.map((k, i) => [k, choices[i]]));
          const out = await applyRuleSetChange(db, plan, decisions, '协调人');
          expect(out.applied).toBe(true);
          const text = serializeBundle(await exportBundle(db, A, { kind: 'full' }));
          const back = parseBundle(text, 'full.json');
          expect(back.ok ? [] : back.errors).toEqual([]);
          db.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
