import { describe, expect, it } from 'vitest';
import { scoreGroup, type GroupResult } from '../../src/engine';
import {
  binWidthFor,
  histogram,
  indicatorRates,
  radarData,
  scoredTotals,
  tierDistribution,
  tierLines,
  topN,
  totalBars,
} from '../../src/ui/dashboard/chartData';
import { nextSort, sortUnits } from '../../src/ui/dashboard/sortRows';
import { evenPages } from '../../src/ui/present/evenPages';
import { yearOverYear, type Edition } from '../../src/ui/dashboard/yearOverYear';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

/**
 * Four cities on makeRuleSet (basic 30 = policy 20 + budget 10, keyArea 40, annualReport 30 = onTime 20 + format 10):
 *   甲 A: 20 + 10 | 30   | 30  → 90  优秀
 *   乙 B: 15 + 10 | 40   | 20  → 85  合格
 *   丙 C: 10 + 10 | 35   | 30  → 85  合格
 *   丁 D: 10 +  8 | 20.5 | 20  → 58.5 不合格 (two findings of 1 on budget)
 */
function cities(): GroupResult {
  const units = [
    makeUnit({ id: 'A', name: '甲市' }),
    makeUnit({ id: 'B', name: '乙市' }),
    makeUnit({ id: 'C', name: '丙市' }),
    makeUnit({ id: 'D', name: '丁市' }),
  ];
  const finding = (id: string) => ({ id, count: 1, reason: '未按时公开' });
  const sheet = (unitId: string, policy: number, findings: number, keyArea: number, format: boolean) => [
    makeEntry({ unitId, node: 'policy', value: policy }),
    makeEntry({ unitId, node: 'budget', value: undefined, findings: Array.from({ length: findings }, (_, i) => finding(`f${i}`)) }),
    makeEntry({ unitId, node: 'keyArea', value: keyArea }),
    makeEntry({ unitId, node: 'annualReport', value: undefined, checks: { onTime: true, format } }),
  ];
  const entries = [...sheet('A', 20, 0, 30, true), ...sheet('B', 15, 0, 40, false), ...sheet('C', 10, 0, 35, true), ...sheet('D', 10, 2, 20.5, false)];
  return scoreGroup(makeRuleSet(), units, entries, [makeAssessor()]);
}

const names = (us: { unitName: string }[]) => us.map((u) => u.unitName);
const TIERS = ['excellent', 'qualified', 'unqualified'];

describe('sorting the ranking table', () => {
  const g = cities();

  it('checks the fixture: totals 90, 85, 85, 58.5 ranked 1, 2, 2, 4', () => {
    expect(g.units.map((u) => [u.unitName, u.total, u.rank, u.tierName])).toEqual([
      ['甲市', 90, 1, '优秀'],
      ['乙市', 85, 2, '合格'],
      ['丙市', 85, 2, '合格'],
      ['丁市', 58.5, 4, '不合格'],
    ]);
  });

  it('orders by an indicator, highest first, without touching the ranks', () => {
    const sorted = sortUnits(g.units, { column: 'keyArea', dir: 'desc' }, TIERS);
    expect(sorted.map((u) => [u.unitName, u.rank])).toEqual([
      ['乙市', 2],
      ['丙市', 2],
      ['甲市', 1],
      ['丁市', 4],
    ]);
  });

  it('keeps the ranking order among equal values in both directions', () => {
    expect(names(sortUnits(g.units, { column: 'total', dir: 'desc' }, TIERS))).toEqual(['甲市', '乙市', '丙市', '丁市']);
    expect(names(sortUnits(g.units, { column: 'total', dir: 'asc' }, TIERS))).toEqual(['丁市', '乙市', '丙市', '甲市']);
  });

  it('orders tiers best first, and names in pinyin order (丙 bing, 丁 ding, 甲 jia, 乙 yi)', () => {
    expect(names(sortUnits(g.units, { column: 'tier', dir: 'desc' }, TIERS))).toEqual(['丁市', '乙市', '丙市', '甲市']);
    expect(names(sortUnits(g.units, { column: 'unit', dir: 'asc' }, TIERS))).toEqual(['丙市', '丁市', '甲市', '乙市']);
  });

  it('puts units without a value in the column last whichever the direction', () => {
    const vetoed = { ...g.units[0]!, unitName: '戊市', unscored: true };
    const withVetoed = [...g.units, vetoed];
    expect(names(sortUnits(withVetoed, { column: 'total', dir: 'asc' }, TIERS)).at(-1)).toBe('戊市');
    expect(names(sortUnits(withVetoed, { column: 'total', dir: 'desc' }, TIERS)).at(-1)).toBe('戊市');
  });

  it('starts a new column in its natural direction and flips the same column', () => {
    expect(nextSort({ column: 'rank', dir: 'asc' }, 'total')).toEqual({ column: 'total', dir: 'desc' });
    expect(nextSort({ column: 'total', dir: 'desc' }, 'total')).toEqual({ column: 'total', dir: 'asc' });
    expect(nextSort({ column: 'total', dir: 'desc' }, 'unit')).toEqual({ column: 'unit', dir: 'asc' });
  });
});

describe('chart data', () => {
  const g = cities();
  const rs = makeRuleSet({
    tiers: [
      { key: 'excellent', name: '优秀', above: 89, color: '#2e7d32' },
      { key: 'qualified', name: '合格', atLeast: 60, color: '#1565c0' },
      { key: 'unqualified', name: '不合格', color: '#c62828' },
    ],
  });

  it('draws a line for every tier with a threshold, saying whether the line itself is in', () => {
    expect(tierLines(rs)).toEqual([
      { key: 'excellent', name: '优秀', value: 89, inclusive: false, color: '#2e7d32' },
      { key: 'qualified', name: '合格', value: 60, inclusive: true, color: '#1565c0' },
    ]);
  });

  it('colours each bar by its tier', () => {
    expect(totalBars(g, rs).shown.map((b) => [b.name, b.total, b.color])).toEqual([
      ['甲市', 90, '#2e7d32'],
      ['乙市', 85, '#1565c0'],
      ['丙市', 85, '#1565c0'],
      ['丁市', 58.5, '#c62828'],
    ]);
  });

  it('shows the first N rows and summarises the rest as a count and a mean', () => {
    const rows = [100, 90, 80, 70, 60, 50].map((total) => ({ total, unscored: false }));
    expect(topN(rows, 3, 0)).toEqual({ shown: rows.slice(0, 3), rest: { count: 3, mean: 60 } });
    expect(topN(rows, 3, 3).rest).toBeNull();
    const lastVetoed = [...rows.slice(0, 5), { total: 0, unscored: true }];
    expect(topN(lastVetoed, 3, 0).rest).toEqual({ count: 3, mean: 65 });
  });

  it('bins totals by 5 points, counting each bin by tier; the last bin holds its upper edge', () => {
    const bins = histogram(scoredTotals(g), 5);
    expect(bins.map((b) => [b.from, b.to, b.count])).toEqual([
      [55, 60, 1],
      [60, 65, 0],
      [65, 70, 0],
      [70, 75, 0],
      [75, 80, 0],
      [80, 85, 0],
      [85, 90, 3],
    ]);
    expect(bins[0]?.byTier).toEqual({ unqualified: 1 });
    expect(bins[6]?.byTier).toEqual({ qualified: 2, excellent: 1 });
    expect(histogram([{ value: 100, tier: 'a' }, { value: 100, tier: 'a' }], 5)).toEqual([{ from: 100, to: 105, count: 2, byTier: { a: 2 } }]);
    expect(histogram([], 5)).toEqual([]);
    expect([binWidthFor(100), binWidthFor(130), binWidthFor(200)]).toEqual([5, 5, 10]);
  });

  it('puts a unit against the group mean in % of each maximum', () => {
    // 丁: basic 18/30 = 60 %, keyArea 20.5/40 = 51.25 %, report 20/30 = 66.67 %
    // group means: basic (30+25+20+18)/120 = 77.5 %, keyArea (30+40+35+20.5)/160 = 78.4375 %, report (30+20+30+20)/120 = 83.33 %
    const points = radarData(g, 'D');
    expect(points.map((p) => p.key)).toEqual(['basic', 'keyArea', 'annualReport']);
    expect(points[0]).toEqual({ key: 'basic', name: '基础信息公开', unit: 60, mean: 77.5 });
    expect(points[1]?.unit).toBeCloseTo(51.25, 10);
    expect(points[1]?.mean).toBeCloseTo(78.4375, 10);
    expect(points[2]?.unit).toBeCloseTo(66.6667, 3);
    expect(points[2]?.mean).toBeCloseTo(83.3333, 3);
  });

  it('takes full-score and loss rates from the engine statistics, per group', () => {
    const rows = indicatorRates([g]);
    // keyArea: one full (乙 40); lost (10 + 0 + 5 + 19.5) / 160 = 21.5625 %
    expect(rows[1]).toEqual({ key: 'keyArea', name: '重点领域信息公开', byGroup: { city: { fullCount: 1, count: 4, fullRate: 25, lossRate: expect.closeTo(21.5625, 10) } } });
    // report: 甲 and 丙 full; lost 20 / 120
    expect(rows[2]?.byGroup.city?.fullRate).toBe(50);
    expect(rows[2]?.byGroup.city?.lossRate).toBeCloseTo(16.6667, 3);
  });

  it('counts tiers per group, one series per tier name', () => {
    expect(tierDistribution([{ result: g, ruleSet: rs }])).toEqual({
      series: [
        { name: '优秀', color: '#2e7d32' },
        { name: '合格', color: '#1565c0' },
        { name: '不合格', color: '#c62828' },
      ],
      rows: [{ group: 'city', groupName: '市（州）政府', total: 4, counts: { 优秀: 1, 合格: 2, 不合格: 1 } }],
    });
  });
});

describe('year over year', () => {
  const now = cities();
  // last year: 甲 ranked 2nd with 80, 乙 under a different id but the same name ranked 1st, 丙 absent
  const lastYear: GroupResult = {
    ...now,
    units: [
      { ...now.units[1]!, unitId: 'B-2023', rank: 1, total: 88, display: '88.00' },
      { ...now.units[0]!, rank: 2, total: 80, display: '80.00', tierName: '合格' },
      { ...now.units[3]!, rank: 3, total: 61, display: '61.00', tierName: '合格' },
    ],
  };
  const current: Edition = { assessmentId: 'y2024', name: '2024年度', year: 2024, groups: [now] };
  const previous: Edition = { assessmentId: 'y2023', name: '2023年度', year: 2023, groups: [lastYear] };

  it('matches units by id, else by name, and leaves out units seen only once', () => {
    const yoy = yearOverYear(current, 'city', [previous]);
    expect(yoy.editions.map((e) => e.year)).toEqual([2023, 2024]);
    expect(yoy.rows.map((r) => [r.unitName, r.points.map((p) => p?.rank ?? null), r.rankChange, r.totalChange])).toEqual([
      ['甲市', [2, 1], 1, 10],
      ['乙市', [1, 2], -1, -3],
      ['丁市', [3, 4], -1, -2.5],
    ]);
  });

  it('compares each first-level indicator with the previous edition by name, an imported table’s keys being its own', () => {
    // 2023 imported from a spreadsheet: 基础信息公开 under another key, 年报 named differently, 甲 only
    const imported: Edition = {
      assessmentId: 'past-2023',
      name: '2023年度（导入）',
      year: 2023,
      pastYear: true,
      groups: [
        {
          group: 'city',
          indicators: [
            { key: 'c1', name: '基础信息公开' },
            { key: 'c2', name: '年报' },
          ],
          units: [{ unitId: 'A', unitName: '甲市', rank: 1, total: 85, display: '85', tierName: '优秀', unscored: false, scores: { c1: 27.5, c2: 20 } }],
        },
      ],
    };
    const yoy = yearOverYear(current, 'city', [imported]);
    expect(yoy.rows.map((r) => r.unitName)).toEqual(['甲市']);
    // 甲 this year: basic 20 + 10 = 30, keyArea 30, annualReport 30
    expect(yoy.rows[0]!.indicators).toEqual([
      { name: '基础信息公开', now: 30, before: 27.5 },
      { name: '重点领域信息公开', now: 30, before: null },
      { name: '政府信息公开年报编制', now: 30, before: null },
    ]);
    expect(yoy.rows[0]!.previous).toBe(0);
    expect(yoy.indicatorNames).toEqual(['基础信息公开']);
    // two scored years compare every indicator (last year's units here carry this year's first-level scores)
    const scored = yearOverYear(current, 'city', [previous]);
    expect(scored.indicatorNames).toEqual(['基础信息公开', '重点领域信息公开', '政府信息公开年报编制']);
    expect(scored.rows.find((r) => r.unitName === '乙市')!.indicators.map((i) => [i.now, i.before])).toEqual([
      [25, 25],
      [40, 40],
      [20, 20],
    ]);
  });

  it('has nothing to compare with only one assessment', () => {
    expect(yearOverYear(current, 'city', [current]).rows).toEqual([]);
  });
});

describe('ranking slides', () => {
  const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('splits 32 units at most 19 a slide into two even halves', () => {
    expect(evenPages(ranks(32), 19).map((p) => [p[0], p.at(-1)])).toEqual([
      [1, 16],
      [17, 32],
    ]);
  });

  it('keeps a group that fits on one slide whole, and splits 40 at 17 into 14 + 14 + 12', () => {
    expect(evenPages(ranks(15), 17)).toEqual([ranks(15)]);
    expect(evenPages(ranks(40), 17).map((p) => p.length)).toEqual([14, 14, 12]);
    expect(evenPages([], 17)).toEqual([]);
  });
});
