import { afterEach, describe, expect, it } from 'vitest';
import { applyRuleDraft, blankRuleSet, getRuleDraft, listRuleDrafts, removeRuleDraft, saveRuleDraft, startRuleDraft } from '../../src/app/ruleDraft';
import { addChild } from '../../src/report/ruleDraft/outline';
import { record, startHistory } from '../../src/report/ruleDraft/history';
import { createEmptyAssessment, getAssessment, type KaoheDb } from '../../src/store/repo';
import { makeRuleSet } from '../fixtures/ruleSets';
import { freshDb } from '../store/testDb';

const open: KaoheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function setUp() {
  const db = freshDb();
  open.push(db);
  const id = await createEmptyAssessment(db, { name: '2024年度考核', year: 2024, ruleSets: [makeRuleSet()] });
  return { db, id };
}

describe('rule-set drafts', () => {
  it('keeps a draft and its undo history across a reload of the list', async () => {
    const { db, id } = await setUp();
    const row = await startRuleDraft(db, id, makeRuleSet(), { kind: 'inUse', label: '市（州）政府' });
    const edit = addChild(row.ruleSet, [0], 'points', '新增项')!;
    const saved = await saveRuleDraft(db, row, record(startHistory(row.ruleSet), edit.ruleSet));
    const back = await getRuleDraft(db, row.id);
    expect(back?.ruleSet).toEqual(edit.ruleSet);
    expect(back?.past).toEqual([makeRuleSet()]);
    expect((await listRuleDrafts(db, id)).map((d) => d.id)).toEqual([saved.id]);
    await removeRuleDraft(db, row.id);
    expect(await listRuleDrafts(db, id)).toEqual([]);
  });

  it('does not apply a draft with errors, and changes nothing', async () => {
    const { db, id } = await setUp();
    const before = await getAssessment(db, id);
    const blank = blankRuleSet(2024, { key: 'city', name: '市（州）政府' });
    const r = await applyRuleDraft(db, id, blank, '政务公开办');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toBe('root.children');
    expect(await getAssessment(db, id)).toEqual(before);
  });

  it('applies a valid draft as the rule set of its group, adding the group when new', async () => {
    const { db, id } = await setUp();
    let rs = blankRuleSet(2024, { key: 'county', name: '县（市、区）政府' });
    rs = addChild(rs, [], 'points', '基础信息公开')!.ruleSet;
    const r = await applyRuleDraft(db, id, rs, '政务公开办');
    expect(r.ok).toBe(true);
    const a = await getAssessment(db, id);
    expect(a?.groups.map((g) => g.key)).toEqual(['city', 'county']);
    expect(a?.groups[1]?.ruleSetHash).toBe(r.ok ? r.hash : '');
  });
});
