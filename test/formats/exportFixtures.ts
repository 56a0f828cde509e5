/**
 * A small assessment for the export tests, built on makeRuleSet(): three 市（州）政府 scored by one
 * assessor, with a bonus part, a penalty part and a veto outside the three indicators.
 *
 *   兰州市   basic 19.5 + (10 − 2 late) = 27.5, keyArea 38, annualReport 30, bonus 2 + 2 capped at 3 → 98.50 优秀
 *   嘉峪关市 basic 16 + (10 − 1 − 1.5) = 23.5, keyArea 30, annualReport 20, penalty −2          → 71.50 合格
 *   金昌市   veto 发生失泄密事件 (fail): not scored                                             →  0    不合格
 *
 * With `completingEntries()` every required cell is entered (vetoes not triggered, no major deduction,
 * bonus 0 where none), so the results are complete, as an issued circular's are.
 */
import { scoreGroup } from '../../src/engine/group/pipeline';
import type { GroupResult } from '../../src/engine/result';
import type { GroupNode, RuleSet } from '../../src/model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../../src/model/entries';
import { makeAssessor, makeEntry, makeRuleSet, makeUnit } from '../fixtures/ruleSets';

export function exportRuleSet(): RuleSet {
  const base = makeRuleSet();
  const root: GroupNode = {
    ...base.root,
    children: [
      ...base.root.children,
      {
        key: 'innovation',
        name: '创新工作加分',
        type: 'group',
        max: 3,
        children: [
          { key: 'innovation.national', name: '经验做法被推广', type: 'bonus', max: 2 },
          { key: 'innovation.pilot', name: '承担试点任务', type: 'bonus', max: 2 },
        ],
      },
      { key: 'major', name: '重大扣分项', type: 'penalty', cap: null, perFinding: 1 },
    ],
  };
  return makeRuleSet({
    root,
    indicators: ['basic', 'keyArea', 'annualReport'],
    vetoes: [{ key: 'leak', name: '发生失泄密事件', effect: { type: 'fail' } }],
  });
}

export const UNITS: Unit[] = [
  makeUnit({ id: 'u1', name: '兰州市' }),
  makeUnit({ id: 'u2', name: '嘉峪关市' }),
  makeUnit({ id: 'u3', name: '金昌市' }),
];

export const ASSESSORS: Assessor[] = [makeAssessor({ id: 'a1', name: '张三' })];

export function exportEntries(): ScoreEntry[] {
  return [
    makeEntry({ unitId: 'u1', node: 'policy', value: 19.5 }),
    makeEntry({
      unitId: 'u1',
      node: 'budget',
      value: undefined,
      findings: [{ id: 'f1', checkpoint: 'late', count: 1, reason: '决算公开晚于规定时间', evidence: 'https://www.example.gov.cn/js/2024.html' }],
    }),
    makeEntry({ unitId: 'u1', node: 'keyArea', value: 38 }),
    makeEntry({ unitId: 'u1', node: 'annualReport', value: undefined, checks: { onTime: true, format: true } }),
    makeEntry({ unitId: 'u1', node: 'innovation.national', value: 2 }),
    makeEntry({ unitId: 'u1', node: 'innovation.pilot', value: 2 }),

    makeEntry({ unitId: 'u2', node: 'policy', value: 16 }),
    makeEntry({
      unitId: 'u2',
      node: 'budget',
      value: undefined,
      findings: [
        { id: 'f1', count: 1, reason: '预算表格不完整' },
        { id: 'f2', count: 1, points: 1.5, reason: '=未公开三公经费说明' },
      ],
    }),
    makeEntry({ unitId: 'u2', node: 'keyArea', value: 30 }),
    makeEntry({ unitId: 'u2', node: 'annualReport', value: undefined, checks: { onTime: true, format: false } }),
    makeEntry({ unitId: 'u2', node: 'major', value: undefined, findings: [{ id: 'f1', count: 1, points: 2, reason: '发生重大舆情未及时回应' }] }),

    makeEntry({ unitId: 'u3', node: 'policy', value: 18 }),
    makeEntry({ unitId: 'u3', node: 'leak', value: undefined, triggered: true, note: '门户网站泄露内部文件' }),
  ];
}

/** The cells that complete the sheets without changing a number (the results tests score with them). */
export function completingEntries(): ScoreEntry[] {
  return [
    ...(['u1', 'u2'] as const).map((unitId) => makeEntry({ unitId, node: 'leak', value: undefined, triggered: false })),
    makeEntry({ unitId: 'u1', node: 'major', value: undefined, findings: [] }),
    ...(['u2', 'u3'] as const).flatMap((unitId) => [
      makeEntry({ unitId, node: 'innovation.national', value: 0 }),
      makeEntry({ unitId, node: 'innovation.pilot', value: 0 }),
    ]),
    makeEntry({ unitId: 'u3', node: 'budget', value: undefined, findings: [] }),
    makeEntry({ unitId: 'u3', node: 'keyArea', value: 30 }),
    makeEntry({ unitId: 'u3', node: 'annualReport', value: undefined, checks: { onTime: true, format: true } }),
    makeEntry({ unitId: 'u3', node: 'major', value: undefined, findings: [] }),
  ];
}

/** The same assessment before 嘉峪关市's veto and bonus cells were entered: provisional. */
export function incompleteEntries(): ScoreEntry[] {
  return [...exportEntries(), ...completingEntries()].filter((e) => !(e.unitId === 'u2' && (e.node === 'leak' || e.node.startsWith('innovation.'))));
}

export function exportResult(ruleSet = exportRuleSet(), entries = [...exportEntries(), ...completingEntries()]): GroupResult {
  return scoreGroup(ruleSet, UNITS, entries, ASSESSORS);
}

/** The text of every paragraph of a WordprocessingML part, runs joined. */
export function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1] ?? '')
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"'),
  );
}
