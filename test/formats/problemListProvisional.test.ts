/** A unit's 问题清单 sent while its cells are open says it is preliminary; a complete one states the result. */
import { describe, expect, it } from 'vitest';
import { problemSummary } from '../../src/formats/docx/problemListDocx';
import { unitProblems } from '../../src/report/reportTables';
import { ASSESSORS, UNITS, completingEntries, exportEntries, exportResult, exportRuleSet, incompleteEntries } from './exportFixtures';

const problemsOf = (entries: ReturnType<typeof exportEntries>) => {
  const ruleSet = exportRuleSet();
  return unitProblems(ruleSet, exportResult(ruleSet, entries), UNITS, entries, ASSESSORS);
};

describe('problem list summary', () => {
  it('an incomplete unit: 初步结果, the number of open cells, no tier as a result', () => {
    const p = problemsOf(incompleteEntries()).find((x) => x.unitName === '嘉峪关市')!;
    expect(p.missing).toBe(3);
    const s = problemSummary(p, 2024);
    expect(s).toContain('尚有3项未评完，以下为初步结果');
    expect(s).not.toContain('考核等次为');
  });

  it('a complete unit: the score, rank and tier as results', () => {
    const p = problemsOf([...exportEntries(), ...completingEntries()]).find((x) => x.unitName === '嘉峪关市')!;
    expect(p.missing).toBe(0);
    expect(problemSummary(p, 2024)).toContain('考核等次为合格');
  });
});
