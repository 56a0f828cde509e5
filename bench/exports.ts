/** Export figures at nation scale: the results workbook (with its findings sheet) and the circular. */
import { compileRuleSet } from '../src/scoring/compile';
import { scoreCompiledGroup } from '../src/scoring/scoreGroup';
import { resultsXlsx } from '../src/io/xlsx/resultsXlsx';
import { circularDocx } from '../src/io/docx/circularDocx';
import { synthetic } from './synthetic';
import { report } from './report';

export async function exportBench(units: number, leaves: number, assessors: number): Promise<void> {
  const s = synthetic(units, leaves, assessors);
  const result = scoreCompiledGroup(compileRuleSet(s.ruleSet), s.units, s.entries, s.assessors);
  const groups = [{ ruleSet: s.ruleSet, result }];
  // the libraries load lazily in the app; load them once here so the figure is the export itself
  const one = [{ ruleSet: s.ruleSet, result: { ...result, units: result.units.slice(0, 1) } }];
  await resultsXlsx({ groups: one });
  await circularDocx(one, { year: 2025 });

  let t = performance.now();
  const xlsx = await resultsXlsx({ groups, sheets: { units: s.units, entries: s.entries, assessors: s.assessors } });
  report('export_xlsx_nation', performance.now() - t, 'ms', `${units} units, results + findings sheets, ${(xlsx.length / 2 ** 20).toFixed(1)} MB`);

  t = performance.now();
  const docx = await circularDocx(groups, { year: 2025 });
  report('export_docx_nation', performance.now() - t, 'ms', `${units} units, circular with attachment table, ${(docx.length / 2 ** 20).toFixed(1)} MB`);
}
