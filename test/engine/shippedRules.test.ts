/**
 * The rule sets shipped in scoring-rules/: each is a valid file, says where every number comes from,
 * adds up to its published or declared maxima, and scores a few hand-computed cases as its scheme says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/engine/rules/compile';
import { toNumber } from '../../src/engine/arith/exact';
import type { Leaf, RuleNode, RuleSet } from '../../src/model/ruleSet';
import { parseRuleSet } from '../../src/engine/validate/ruleValidate';
import { scoreGroup } from '../../src/engine/group/pipeline';
import { scoreEntry, unit as unitSchema, type ScoreEntry, type ScoreEntryInput } from '../../src/model/entries';

const dir = fileURLToPath(new URL('../../scoring-rules/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'ruleset.schema.json').sort();

function load(file: string): RuleSet {
  const parsed = parseRuleSet(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  return parsed.ruleSet;
}

/** Nodes that declare a number (a maximum, points or a cap), each with the nearest source on its path. */
function numberedNodes(rs: RuleSet): { key: string; source: string | undefined }[] {
  const out: { key: string; source: string | undefined }[] = [];
  const walk = (n: RuleNode, inherited: string | undefined) => {
    const source = n.source ?? inherited;
    const hasNumber = n.type === 'group' ? n.max !== undefined : true;
    if (hasNumber) out.push({ key: n.key, source });
    if (n.type === 'group') n.children.forEach((c) => walk(c, source));
  };
  walk(rs.root, undefined);
  return out;
}

const max = (rs: RuleSet, key: string) => toNumber(compileRuleSet(rs).maxOf(key));

describe('shipped rule files', () => {
  it('ships the four rule sets', () => {
    expect(files).toEqual([
      'national-newmedia-2019.json',
      'national-website-2019.json',
      'province-city-2022.json',
      'province-department-2022.json',
    ]);
  });

  for (const file of files) {
    describe(file, () => {
      it('passes the schema and the cross-reference checks', () => {
        const parsed = parseRuleSet(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      });

      it('names a source for every number, on the node or an ancestor node', () => {
        const rs = load(file);
        const unsourced = numberedNodes(rs).filter((n) => n.source === undefined).map((n) => n.key);
        expect(unsourced).toEqual([]);
      });

      it('labels each source as published (国办秘函〔2019〕19号) or "example value"', () => {
        const rs = load(file);
        const sources = [
          rs.source,
          ...numberedNodes(rs).map((n) => n.source ?? ''),
          ...rs.vetoes.map((v) => v.source ?? ''),
          ...rs.thresholds.map((t) => t.source ?? ''),
          ...rs.tiers.filter((t) => t.atLeast !== undefined || t.quota).map((t) => t.source ?? ''),
        ];
        const unlabelled = sources.filter((s) => !/example value|国办秘函〔2019〕19号/.test(s));
        expect(unlabelled).toEqual([]);
      });
    });
  }
});

describe('province-city-2022 (市（州）政府及兰州新区管委会)', () => {
  const rs = load('province-city-2022.json');

  it('has the six first-level indicators of the 2022 circular, 100 points together', () => {
    expect(rs.indicators).toEqual(['basic', 'keyArea', 'grassroots', 'annualReport', 'newMedia', 'website']);
    expect(rs.group).toEqual({ key: 'city', name: '市（州）政府及兰州新区管委会' });
    expect(rs.indicators!.reduce((s, k) => s + max(rs, k), 0)).toBe(100);
  });

  it('reaches 105 at most: 100 plus the 5-point innovation bonus', () => {
    expect(max(rs, 'innovation')).toBe(5);
    expect(max(rs, 'total')).toBe(105);
  });

  it('marks every point value as an example, since the circular publishes none', () => {
    const published = numberedNodes(rs).filter((n) => !n.source?.includes('example value'));
    expect(published).toEqual([]);
  });

  it('caps the bonus at 5 and leaves 重大扣分项 uncapped', () => {
    const full = scoreOne(rs, fullMarks(rs));
    expect(full.total).toBe(105); // 3 + 2 + 2 bonus points capped at 5
    const penalized = scoreOne(rs, [
      ...fullMarks(rs).filter((e) => e.node !== 'majorDeduction'),
      entry('majorDeduction', { findings: [{ id: 'f1', checkpoint: 'stateCouncil', count: 3, reason: '被国务院办公厅通报' }] }),
    ]);
    expect(penalized.total).toBe(90); // 105 − 3 × 5, no cap
  });

  it('a 发布严重错误信息 veto keeps a full-marks city out of 优秀', () => {
    const r = scoreOne(rs, [...fullMarks(rs), entry('seriousError', { triggered: true })]);
    expect(r.total).toBe(105);
    expect(r.tierName).toBe('合格');
  });
});

describe('province-department-2022 (省政府部门)', () => {
  const rs = load('province-department-2022.json');

  it('has no 基层政务公开, and the other five indicators still make 100', () => {
    expect(rs.group).toEqual({ key: 'department', name: '省政府部门' });
    expect(compileRuleSet(rs).byKey.has('grassroots')).toBe(false);
    expect(rs.indicators).toEqual(['basic', 'keyArea', 'annualReport', 'newMedia', 'website']);
    expect(rs.indicators!.reduce((s, k) => s + max(rs, k), 0)).toBe(100);
  });
});

describe('national-website-2019 (国办秘函〔2019〕19号)', () => {
  const rs = load('national-website-2019.json');

  it('has the published maxima: deduction part 100, 办事服务 25, bonus part 30', () => {
    expect(max(rs, 'deduct')).toBe(100);
    expect(max(rs, 'service')).toBe(25);
    expect(max(rs, 'bonus')).toBe(30);
    expect(rs.root.children.map((c) => c.key)).toEqual(['deduct', 'bonus']);
  });

  it('rescales a department without external services by 4/3', () => {
    const r = scoreOne(rs, [
      ...fullMarks(rs).filter((e) => !e.node.startsWith('service.') && !e.node.startsWith('bonus.')),
      entry('service', { notApplicable: true }),
      entry('publish.overview', { findings: [{ id: 'f1', checkpoint: 'functions', count: 3, reason: '机构职能信息不准确' }] }),
    ]);
    expect(r.nodes.deduct?.score).toBe(96); // (75 − 3) × 4/3
    expect(r.total).toBe(96);
  });

  it('caps a deduction at its item and fails a site whose deduction part falls below 60', () => {
    const lose = (node: string, checkpoint: string, count: number): ScoreEntry =>
      entry(node, { findings: [{ id: 'f1', checkpoint, count, reason: '检查发现问题' }] });
    const r = scoreOne(rs, [
      ...fullMarks(rs).filter((e) => !['service.guide', 'service.online', 'service.platform', 'publish.documents', 'publish.interpretation'].includes(e.node)),
      lose('service.guide', 'inaccurate', 5), // −10
      lose('service.online', 'unavailable', 5), // −10
      lose('service.platform', 'entry', 3), // −6, 扣完为止 at 5
      lose('publish.documents', 'missing', 5), // −10
      lose('publish.interpretation', 'missing', 5), // −10
    ]);
    expect(r.nodes.deduct?.score).toBe(55);
    expect(r.nodes.bonus?.gatedOut).toBe(true);
    expect(r.total).toBe(55);
    expect(r.tierName).toBe('不合格');
  });

  it('a veto fails the site and nothing else is scored', () => {
    const r = scoreOne(rs, [...fullMarks(rs), entry('unreachable', { triggered: true })]);
    expect(r.unscored).toBe(true);
    expect(r.total).toBe(0);
    expect(r.tierName).toBe('不合格');
  });

  it('a full site scores 130 and is 合格', () => {
    const r = scoreOne(rs, fullMarks(rs));
    expect(r.total).toBe(130);
    expect(r.tierName).toBe('合格');
  });
});

describe('national-newmedia-2019', () => {
  const rs = load('national-newmedia-2019.json');

  it('has a 100-point deduction part and a bonus part gated above 80', () => {
    expect(max(rs, 'deduct')).toBe(100);
    expect(rs.group).toEqual({ key: 'newMedia', name: '政务新媒体' });
    const bonus = compileRuleSet(rs).byKey.get('bonus');
    expect(bonus?.gate).toEqual({ node: 'deduct', above: 80 });
    expect(rs.thresholds).toMatchObject([{ node: 'deduct', below: 60, effect: { type: 'failScored' } }]);
  });

  it('fails an account with any veto', () => {
    for (const v of rs.vetoes) {
      const r = scoreOne(rs, [...fullMarks(rs), entry(v.key, { triggered: true })]);
      expect(r.tierName, v.name).toBe('不合格');
    }
  });
});

// ---- fixtures ----

let seq = 0;
function entry(node: string, fields: Partial<ScoreEntryInput> = {}): ScoreEntry {
  seq += 1;
  return scoreEntry.parse({ id: `e${seq}`, unitId: 'u1', node, assessorId: 'a1', ...fields });
}

/** One assessor's entries giving every leaf its full points (bonus leaves their maximum). */
function fullMarks(rs: RuleSet): ScoreEntry[] {
  const fields = (leaf: Leaf): Partial<ScoreEntryInput> => {
    switch (leaf.type) {
      case 'points':
      case 'bonus':
        return { value: leaf.max };
      case 'ratio':
        return { value: 100 };
      case 'checklist':
        return { checks: Object.fromEntries(leaf.items.map((i) => [i.key, true])) };
      case 'deduction':
      case 'penalty':
        return { findings: [] };
    }
  };
  return compileRuleSet(rs).leaves.map((leaf) => entry(leaf.key, fields(leaf)));
}

function scoreOne(rs: RuleSet, entries: ScoreEntry[]) {
  const u = unitSchema.parse({ id: 'u1', name: '测试单位', group: rs.group.key });
  const result = scoreGroup(rs, [u], entries, []).units[0];
  if (!result) throw new Error('unit not scored');
  return result;
}
