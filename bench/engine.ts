/**
 * Engine figures for one scale (units × leaves × assessors):
 *   engine_index_*                    file the entries into per-unit sheets, scoring each entry (done
 *                                     once when an assessment loads, then kept up to date per edit)
 *   engine_full_*                     evaluate + rank + tier + statistics from those sheets
 *   engine_full_from_entries_*        both of the above in one call (scoreCompiledGroup)
 *   engine_full_from_entries_first_*  the same, once, right after compiling the rule set
 *   engine_load_*                     GroupScorer construction + first result
 *   engine_edit_*                     one score edit: GroupScorer.update + result()
 *   engine_heap_*                     live memory after full collections: inputs, sheets, one result
 */
import { compileRuleSet } from '../src/engine/rules/compile';
import { indexEntries, scoreCompiledGroup, scoreIndexedGroup } from '../src/engine/group/pipeline';
import { GroupScorer } from '../src/engine/group/incremental';
import { scoreEntry, type ScoreEntry } from '../src/model/entries';
import { synthetic } from './synthetic';
import { median, report } from './report';

/** Times `runs` calls after `warmup` untimed ones (the engine runs again on every change: steady state). */
function time(fn: () => void, runs: number, warmup = 0): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
/** JS heap plus typed-array storage (kept outside the JS heap), after full collections. */
async function heapMB(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    // array buffers are released by a task after the collection
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

/** Edits as the app saves them (parsed by the entry schema): a new value, or a new number of findings. */
function edits(entries: readonly ScoreEntry[], n: number): ScoreEntry[] {
  return Array.from({ length: n }, (_, k) => {
    const e = entries[(k * 7919) % entries.length]!;
    const rev = e.rev + k + 1;
    return scoreEntry.parse(
      e.findings !== undefined
        ? { ...e, rev, findings: Array.from({ length: k % 4 }, (_, i) => ({ id: `g${i}`, count: 1, reason: '复查问题' })) }
        : { ...e, rev, value: (k % 11) / 10 },
    );
  });
}

export async function engineBench(name: string, units: number, leaves: number, assessors: number, runs: number): Promise<void> {
  const scale = `${units}×${leaves}×${assessors}`;
  const warmup = Math.ceil(runs / 10);
  const runsText = `median of ${runs} after ${warmup} warm-up`;

  // memory first, on a quiet heap: inputs, then one set of sheets, then one result
  const heap0 = await heapMB();
  const s = synthetic(units, leaves, assessors);
  const c = compileRuleSet(s.ruleSet);
  const heapInputs = await heapMB();
  let sheets = indexEntries(c, s.units, s.entries);
  const heapSheets = await heapMB();
  // results are held while the next is computed, as the app holds the view it shows
  const hold: unknown[] = [scoreIndexedGroup(c, s.units, sheets, s.assessors)];
  const heapResult = await heapMB();
  report(`engine_entries_${name}`, s.entries.length, 'entries');
  report(`engine_heap_inputs_${name}`, heapInputs - heap0, 'MB', 'rule set, units and entries (the app holds these anyway)');
  report(`engine_heap_sheets_${name}`, heapSheets - heapInputs, 'MB', 'the per-unit sheets (entries filed and scored per node)');
  report(`engine_heap_result_${name}`, heapResult - heapSheets, 'MB', 'one GroupResult');
  report(`engine_heap_${name}`, heapResult - heap0, 'MB', 'inputs + sheets + one result, live after full collections');

  // the first scoring of a freshly compiled rule set: its plan and shared results are built on the way
  // (at province scale this is also the engine's first run in the process: the JIT is cold)
  const c2 = compileRuleSet(s.ruleSet);
  const t0 = performance.now();
  hold[0] = scoreCompiledGroup(c2, s.units, s.entries, s.assessors);
  report(`engine_full_from_entries_first_${name}`, performance.now() - t0, 'ms', `${scale}: one scoreCompiledGroup with a newly compiled rule set, no warm-up`);

  const index = time(() => {
    sheets = indexEntries(c, s.units, s.entries);
  }, runs, warmup);
  report(`engine_index_${name}`, median(index), 'ms', `${scale}: entries filed into per-unit sheets, ${runsText}`);

  const full = time(() => {
    hold[0] = scoreIndexedGroup(c, s.units, sheets, s.assessors);
  }, runs, warmup);
  report(`engine_full_${name}`, median(full), 'ms', `${scale}: evaluate + rank + tier + statistics from the sheets, ${runsText}`);

  const cold = time(() => {
    hold[0] = scoreCompiledGroup(c, s.units, s.entries, s.assessors);
  }, runs, warmup);
  report(`engine_full_from_entries_${name}`, median(cold), 'ms', `${scale}: index + full in one call (scoreCompiledGroup), ${runsText}`);

  const loads: number[] = [];
  let scorer = new GroupScorer(c, s.units, s.entries, s.assessors);
  for (let i = 0; i < Math.min(runs, 5); i++) {
    const t = performance.now();
    scorer = new GroupScorer(c, s.units, s.entries, s.assessors);
    scorer.result();
    loads.push(performance.now() - t);
  }
  report(`engine_load_${name}`, median(loads), 'ms', 'GroupScorer construction + first result (index + full)');

  const saved = edits(s.entries, runs * 5 + warmup);
  let k = 0;
  const edit = time(() => {
    scorer.update(saved[k++]!);
    hold[0] = scorer.result();
  }, runs * 5, warmup);
  report(`engine_edit_${name}`, median(edit), 'ms', `one score edit: cell refilled, unit re-evaluated, group re-ranked/tiered, statistics updated; median of ${runs * 5}`);
}
