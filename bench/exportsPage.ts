/**
 * Runs in the browser: the nation-scale exports with the browser builds of exceljs and docx, as the app
 * ships them. Scale and repetitions come from the page's query (?units=&leaves=&assessors=&runs=); the
 * timings land in `window.__bench` for bench/exports.ts to read.
 */
import { compileRuleSet } from '../src/engine/rules/compile';
import { scoreCompiledGroup } from '../src/engine/group/pipeline';
import { resultsXlsx } from '../src/formats/xlsx/resultsXlsx';
import { circularDocx } from '../src/formats/docx/circularDocx';
import { synthetic } from './synthetic';

export interface ExportTimings {
  xlsx: number[];
  docx: number[];
  xlsxBytes: number;
  docxBytes: number;
}

const out = globalThis as unknown as { __bench?: ExportTimings | { error: string } };

async function run(): Promise<ExportTimings> {
  const q = new URLSearchParams(location.search);
  const n = (k: string) => Number(q.get(k));
  const s = synthetic(n('units'), n('leaves'), n('assessors'));
  const result = scoreCompiledGroup(compileRuleSet(s.ruleSet), s.units, s.entries, s.assessors);
  const groups = [{ ruleSet: s.ruleSet, result }];
  const sheets = { units: s.units, entries: s.entries, assessors: s.assessors };
  // the app loads both libraries on the first export; load them once so the figure is the export itself
  const one = [{ ruleSet: s.ruleSet, result: { ...result, units: result.units.slice(0, 1) } }];
  await resultsXlsx({ groups: one });
  await circularDocx(one, { year: 2025 });

  const t: ExportTimings = { xlsx: [], docx: [], xlsxBytes: 0, docxBytes: 0 };
  for (let i = 0; i < n('runs'); i++) {
    let start = performance.now();
    t.xlsxBytes = (await resultsXlsx({ groups, sheets })).length;
    t.xlsx.push(performance.now() - start);
    start = performance.now();
    t.docxBytes = (await circularDocx(groups, { year: 2025 })).length;
    t.docx.push(performance.now() - start);
  }
  return t;
}

run().then(
  (t) => (out.__bench = t),
  (e: unknown) => (out.__bench = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
