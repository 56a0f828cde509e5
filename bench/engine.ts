/** Engine figures: full evaluate + rank + tier + statistics, and re-scoring after one edit. */
import { compileRuleSet } from '../src/scoring/compile';
import { scoreCompiledGroup } from '../src/scoring/scoreGroup';
import { GroupScorer } from '../src/scoring/groupScorer';
import { synthetic } from './synthetic';
import { median, report } from './report';

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function engineBench(name: string, units: number, leaves: number, assessors: number, runs: number): void {
  const s = synthetic(units, leaves, assessors);
  const c = compileRuleSet(s.ruleSet);
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let keep: unknown;
  const full = time(() => {
    keep = scoreCompiledGroup(c, s.units, s.entries, s.assessors);
  }, runs);
  const heapAfter = process.memoryUsage().heapUsed;
  report(`engine_full_${name}`, median(full), 'ms', `${units}×${leaves}×${assessors}, median of ${runs}`);
  report(`engine_heap_${name}`, Math.max(0, heapAfter - heapBefore) / 2 ** 20, 'MB', 'heap growth holding inputs + one result');
  report(`engine_entries_${name}`, s.entries.length, 'entries');

  const scorer = new GroupScorer(c, s.units, s.entries, s.assessors);
  let k = 0;
  const edits = time(() => {
    const e = s.entries[(k++ * 7919) % s.entries.length]!;
    scorer.update({ ...e, rev: e.rev + k, value: e.value === undefined ? undefined : (k % 10) / 10 });
    keep = scorer.result();
  }, runs * 5);
  report(`engine_edit_${name}`, median(edits), 'ms', 'one score edit: unit re-evaluated, group re-ranked/tiered/statistics');
  void keep;
}
