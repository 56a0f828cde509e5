import { describe, expect, it } from 'vitest';
import { circularText, groupSentences, indicatorSentences } from '../../src/report/circularText';
import type { GroupResult, IndicatorStats, UnitResult } from '../../src/engine/result';
import type { Tier } from '../../src/model/ruleSet';
import { FOUR_TIERS, NODE_NAMES, THREE_TIERS, makeEvaluated } from '../fixtures/evaluated';

const CITIES = ['兰州市', '嘉峪关市', '金昌市', '白银市', '天水市'];

/** A group result whose units are given in display order as [unit name, tier key]. */
function makeGroup(
  spec: { group: string; groupName: string; tiers?: Tier[]; statistics?: IndicatorStats[] },
  rows: [string, string][],
): GroupResult {
  const tiers = spec.tiers ?? THREE_TIERS;
  const units: UnitResult[] = rows.map(([name, tier], i) => ({
    ...makeEvaluated({ unitId: `${spec.group}-${i}`, unitName: name, group: spec.group, total: 90 - i }),
    rank: i + 1,
    tier,
    tierName: tiers.find((t) => t.key === tier)?.name ?? tier,
    tierReason: '',
  }));
  const statistics = spec.statistics ?? [];
  return {
    ruleSetId: `rules-${spec.group}`,
    group: spec.group,
    groupName: spec.groupName,
    units,
    indicators: statistics.map((s) => ({ key: s.key, name: s.name })),
    statistics,
    tierCounts: tiers.map((t) => ({ key: t.key, name: t.name, count: units.filter((u) => u.tier === t.key).length })),
    complete: units.every((u) => u.complete),
  };
}

const stat = (key: string, count: number, fullScoreCount: number): IndicatorStats => ({
  key,
  name: NODE_NAMES[key] ?? key,
  points: 20,
  count,
  fullScoreCount,
  mean: 0,
  min: 0,
  max: 0,
  lossRate: 0,
});

describe('groupSentences', () => {
  it('says all passed and lists the 优秀 units in score order', () => {
    const g = makeGroup({ group: 'city', groupName: '市（州）政府' }, [
      ['兰州市', 'excellent'],
      ['嘉峪关市', 'excellent'],
      ['金昌市', 'pass'],
    ]);
    expect(groupSentences(g)).toEqual(['3个市（州）政府全部合格，考核结果为优秀的2个，按得分排序为：兰州市、嘉峪关市。']);
  });

  it('counts 合格 and names the 不合格 units when some failed', () => {
    const g = makeGroup({ group: 'city', groupName: '市（州）政府' }, [
      ['兰州市', 'excellent'],
      ['嘉峪关市', 'pass'],
      ['金昌市', 'pass'],
      ['白银市', 'fail'],
      ['天水市', 'fail'],
    ]);
    expect(groupSentences(g)).toEqual([
      '5个市（州）政府中，合格3个，不合格2个（白银市、天水市）。',
      '考核结果为优秀的1个，按得分排序为：兰州市。',
    ]);
  });

  it('says so when no unit reached the top tier', () => {
    const g = makeGroup({ group: 'dept', groupName: '省政府部门' }, [
      ['省教育厅', 'pass'],
      ['省财政厅', 'pass'],
    ]);
    expect(groupSentences(g)).toEqual(['2个省政府部门全部合格，无考核结果为优秀的省政府部门。']);
  });

  it('lists each tier’s count in a four-tier scheme', () => {
    const g = makeGroup({ group: 'county', groupName: '县（市、区）政府', tiers: FOUR_TIERS }, [
      ['城关区', 'excellent'],
      ['七里河区', 'excellent'],
      ['西固区', 'good'],
      ['安宁区', 'pass'],
      ['红古区', 'fail'],
    ]);
    expect(groupSentences(g)).toEqual([
      '5个县（市、区）政府中，优秀2个，良好1个，合格1个，不合格1个（红古区）。',
      '考核结果为优秀的2个，按得分排序为：城关区、七里河区。',
    ]);
    const allPassed = makeGroup({ group: 'county', groupName: '县（市、区）政府', tiers: FOUR_TIERS }, [
      ['城关区', 'excellent'],
      ['西固区', 'good'],
      ['安宁区', 'good'],
    ]);
    expect(groupSentences(allPassed)).toEqual([
      '3个县（市、区）政府全部合格，其中优秀1个，良好2个，合格0个。',
      '考核结果为优秀的1个，按得分排序为：城关区。',
    ]);
  });

  it('does not list a top tier in a two-tier (合格/不合格) scheme', () => {
    const tiers: Tier[] = [
      { key: 'pass', name: '合格', atLeast: 60 },
      { key: 'fail', name: '不合格' },
    ];
    const g = makeGroup({ group: 'city', groupName: '市（州）政府', tiers }, [
      ['兰州市', 'pass'],
      ['嘉峪关市', 'fail'],
    ]);
    expect(groupSentences(g)).toEqual(['2个市（州）政府中，合格1个，不合格1个（嘉峪关市）。']);
  });

  it('says nothing for an empty group', () => {
    expect(groupSentences(makeGroup({ group: 'city', groupName: '市（州）政府' }, []))).toEqual([]);
  });
});

describe('indicatorSentences', () => {
  const cities = makeGroup(
    {
      group: 'city',
      groupName: '市（州）政府',
      statistics: [stat('basic', 14, 3), stat('keyArea', 14, 0), stat('grassroots', 14, 14)],
    },
    CITIES.map((n) => [n, 'pass']),
  );
  const departments = makeGroup(
    { group: 'dept', groupName: '省政府部门', statistics: [stat('basic', 40, 40), stat('keyArea', 40, 3)] },
    [['省教育厅', 'pass']],
  );

  it('says per indicator how many units of each group got full marks', () => {
    expect(indicatorSentences([cities, departments], { shortNames: { dept: '部门' } })).toEqual([
      '“基础信息公开”项，市（州）政府得满分的有3个，部门均为满分。',
      '“重点领域信息公开”项，市（州）政府无满分单位，部门得满分的有3个。',
      '“基层政务公开”项，市（州）政府均为满分。',
    ]);
  });

  it('uses the group name when no short name is given', () => {
    expect(indicatorSentences([departments])[0]).toBe('“基础信息公开”项，省政府部门均为满分。');
  });

  it('leaves out a group where the indicator applied to no scored unit', () => {
    const none = makeGroup({ group: 'dept', groupName: '省政府部门', statistics: [stat('grassroots', 0, 0)] }, []);
    expect(indicatorSentences([none])).toEqual([]);
  });
});

describe('circularText', () => {
  it('puts the group sentences first and the indicator sentences after', () => {
    const cities = makeGroup(
      { group: 'city', groupName: '市（州）政府', statistics: [stat('basic', 2, 2)] },
      [
        ['兰州市', 'excellent'],
        ['嘉峪关市', 'pass'],
      ],
    );
    const departments = makeGroup(
      { group: 'dept', groupName: '省政府部门', statistics: [stat('basic', 1, 0)] },
      [['省教育厅', 'fail']],
    );
    expect(circularText([cities, departments], { shortNames: { dept: '部门' } })).toEqual({
      overall: [
        '2个市（州）政府全部合格，考核结果为优秀的1个，按得分排序为：兰州市。',
        '1个省政府部门中，合格0个，不合格1个（省教育厅）。',
        '无考核结果为优秀的省政府部门。',
      ],
      indicators: ['“基础信息公开”项，市（州）政府均为满分，部门无满分单位。'],
    });
  });
});
