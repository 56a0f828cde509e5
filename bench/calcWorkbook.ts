/**
 * The spreadsheet the app replaces, built from the same synthetic data: an ODF flat XML workbook (.fods)
 * whose formulas do the scoring a coordinator's workbook does — per check point the mean of the three
 * assessors (a deduction item: its maximum less the findings, not below 0), each indicator's sum capped at
 * its maximum, the total rounded to the rule set's hundredths, the rank, and the tier by the thresholds
 * and the excellent quota. Formula cells carry no cached values, so Calc must compute every one.
 *
 * Sheet "Results" comes first, so `--convert-to csv` (which writes the first sheet) saves the results;
 * sheet "Entries" holds one row per unit × assessor and one column per check point (the value given, or
 * the number of findings of a deduction item).
 */
import type { RuleNode } from '../src/model/ruleSet';
import type { Synthetic } from './synthetic';

/** Spreadsheet column name of a 0-based index: 0 → A, 26 → AA. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const text = (s: string) => `<table:table-cell office:value-type="string"><text:p>${xml(s)}</text:p></table:table-cell>`;
const num = (n: number) => `<table:table-cell office:value-type="float" office:value="${n}"/>`;
const formula = (f: string) => `<table:table-cell table:formula="${xml(`of:=${f}`)}"/>`;
const row = (cells: string[]) => `<table:table-row>${cells.join('')}</table:table-row>\n`;

const leavesOf = (n: RuleNode): RuleNode[] => (n.type === 'group' ? n.children.flatMap(leavesOf) : [n]);
const maxOf = (n: RuleNode): number => (n.type === 'group' ? n.children.reduce((s, c) => s + maxOf(c), 0) : 'max' in n ? (n.max ?? 0) : 0);

/** The workbook as text, written in pieces (a nation's workbook is about a hundred megabytes). */
export function* calcWorkbook(s: Synthetic): Generator<string> {
  const indicators = s.ruleSet.root.type === 'group' ? s.ruleSet.root.children : [];
  const leaves = leavesOf(s.ruleSet.root);
  const tiers = s.ruleSet.tiers;
  const excellent = tiers[0]!;
  const qualified = tiers[1]!;
  const q = excellent.quota;
  const quota = q === undefined ? s.units.length : 'count' in q ? q.count : Math.floor((s.units.length * q.percent) / 100);
  const nAssessors = s.assessors.length;

  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" ' +
    'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>\n';

  // Results: A unit, then one column per check point, per indicator, total, rank, tier
  const leafCol = (k: number) => columnName(1 + k);
  const indCol = (k: number) => columnName(1 + leaves.length + k);
  const totalCol = columnName(1 + leaves.length + indicators.length);
  const rankCol = columnName(2 + leaves.length + indicators.length);
  const last = s.units.length + 1;
  yield '<table:table table:name="Results">\n';
  yield row([text('单位'), ...leaves.map((l) => text(l.key)), ...indicators.map((i) => text(i.name)), text('总分'), text('排名'), text('等次')]);
  for (const [ui, u] of s.units.entries()) {
    const r = ui + 2;
    const first = 2 + ui * nAssessors;
    const cells = [text(u.name)];
    leaves.forEach((l, k) => {
      const c = columnName(2 + k);
      const refs = Array.from({ length: nAssessors }, (_, a) => `[Entries.${c}${first + a}]`);
      if (l.type === 'deduction') {
        const per = l.perFinding ?? 1;
        cells.push(formula(`(${refs.map((x) => `MAX(0;${l.max}-${per}*${x})`).join('+')})/${nAssessors}`));
      } else cells.push(formula(`AVERAGE([Entries.${c}${first}:.${c}${first + nAssessors - 1}])`));
    });
    let from = 0;
    indicators.forEach((ind) => {
      const n = leavesOf(ind).length;
      cells.push(formula(`MIN(${maxOf(ind)};SUM([.${leafCol(from)}${r}:.${leafCol(from + n - 1)}${r}]))`));
      from += n;
    });
    cells.push(formula(`ROUND(SUM([.${indCol(0)}${r}:.${indCol(indicators.length - 1)}${r}]);2)`));
    cells.push(formula(`RANK([.${totalCol}${r}];[.$${totalCol}$2:.$${totalCol}$${last}])`));
    cells.push(
      formula(
        `IF(AND([.${totalCol}${r}]>=${excellent.atLeast ?? 0};[.${rankCol}${r}]<=${quota});"${excellent.name}";` +
          `IF([.${totalCol}${r}]>=${qualified.atLeast ?? 0};"${qualified.name}";"${tiers[2]?.name ?? ''}"))`,
      ),
    );
    yield row(cells);
  }
  yield '</table:table>\n';

  // Entries: one row per unit × assessor, in unit order
  const byCell = new Map<string, number>();
  for (const e of s.entries) {
    const v = e.findings !== undefined ? e.findings.reduce((n, f) => n + f.count, 0) : (e.value ?? 0);
    byCell.set(`${e.unitId}|${e.assessorId}|${e.node}`, v);
  }
  yield '<table:table table:name="Entries">\n';
  yield row([text('单位'), text('考核人员'), ...leaves.map((l) => text(l.key))]);
  for (const u of s.units)
    for (const a of s.assessors) yield row([text(u.id), text(a.id), ...leaves.map((l) => num(byCell.get(`${u.id}|${a.id}|${l.key}`) ?? 0))]);
  yield '</table:table>\n</office:spreadsheet></office:body></office:document>\n';
}
