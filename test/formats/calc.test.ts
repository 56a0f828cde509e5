/**
 * The spreadsheets as a spreadsheet program reads them: the demo's results workbook and an offline entry
 * template opened in LibreOffice Calc. The workbook's sheets, read back as shown on screen, hold the
 * engine's numbers with the rule set's decimals, and it prints on landscape A4 pages; a template filled,
 * opened and saved again by Calc (as an assessor does in WPS or Excel) still imports to the same entries.
 * Skipped where LibreOffice Calc is not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/formats/bundle';
import { importTemplate } from '../../src/formats/xlsx/templateImport';
import { templateXlsx } from '../../src/formats/xlsx/templateXlsx';
import { FINDINGS_HEADER, resultsWorkbookData, resultsXlsx } from '../../src/formats/xlsx/resultsXlsx';
import { scoreGroup } from '../../src/engine/group/pipeline';

const LIBREOFFICE = '/usr/bin/libreoffice';
const missing = !existsSync(LIBREOFFICE) || !existsSync('/usr/lib/libreoffice/program/libsclo.so') || !existsSync('/usr/bin/pdfinfo');
const work = mkdtempSync(join(tmpdir(), 'calc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a LibreOffice conversion of `file` with a profile of its own (a running instance would take the job). */
function convert(file: string, to: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    execFileSync(LIBREOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', work, file], { stdio: 'pipe', timeout: 100_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Every sheet as CSV, each cell as Calc shows it (number formats applied). */
function sheetsAsShown(file: string): Map<string, string[][]> {
  convert(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1');
  const base = file.replace(/^.*\//, '').replace(/\.xlsx$/, '');
  const out = new Map<string, string[][]>();
  for (const f of readdirSync(work).filter((n) => n.startsWith(`${base}-`) && n.endsWith('.csv'))) {
    const rows = readFileSync(join(work, f), 'utf8').trimEnd().split('\n').map(parseCsvLine);
    out.set(f.slice(base.length + 1, -4), rows);
  }
  return out;
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

function demo() {
  const parsed = parseBundle(readFileSync(resolve('public/demo/demo-bundle.json'), 'utf8'), 'demo-bundle.json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  const b = parsed.bundle;
  return { b, groups: b.ruleSets.map((ruleSet) => ({ ruleSet, result: scoreGroup(ruleSet, b.units, b.entries, b.assessors) })) };
}

describe.skipIf(missing)('spreadsheets in LibreOffice Calc', () => {
  it('shows each group’s units in rank order with the engine’s totals, ranks and tiers, and every finding', { timeout: 120_000 }, async () => {
    const { b, groups } = demo();
    const input = { groups, sheets: { units: b.units, entries: b.entries, assessors: b.assessors } };
    const file = join(work, 'results.xlsx');
    writeFileSync(file, await resultsXlsx(input));
    const sheets = sheetsAsShown(file);
    for (const { result } of groups) {
      const rows = sheets.get(result.groupName);
      expect(rows, result.groupName).toBeDefined();
      const header = rows![1]!;
      const [total, rank, tier] = ['总分', '排名', '等次'].map((h) => header.indexOf(h));
      // the units' rows are those with a 序号 (a coded sheet has a note naming its items under the table)
      const body = rows!.slice(3).filter((r) => /^\d+$/.test(r[0] ?? ''));
      expect(body.map((r) => [r[1], r[total!], r[rank!], r[tier!]])).toEqual(
        result.units.map((u) => [u.unitName, u.unscored ? '—' : u.display, String(u.rank), u.tierName]),
      );
    }
    const findings = sheets.get('问题清单')!;
    expect(findings[0]).toEqual([...FINDINGS_HEADER]);
    const expected = resultsWorkbookData(input).findings!.flatMap((g) => g.rows);
    expect(findings.slice(1)).toHaveLength(expected.length);
    expect(findings.slice(1).map((r) => r[0])).toEqual(expected.map((r) => r[0]));
  });

  it('shows text that looks like a formula as written, and evaluates nothing', { timeout: 120_000 }, async () => {
    const { b, groups } = demo();
    const [first] = groups;
    const hostile = ['=1+1', '+2*3', '-4+5', '@SUM(1,2)', '=HYPERLINK("http://example.com","x")'];
    const units = b.units.map((u, i) => (i < hostile.length ? { ...u, name: hostile[i]! } : u));
    const result = scoreGroup(first!.ruleSet, units, b.entries, b.assessors);
    const file = join(work, 'formulas.xlsx');
    writeFileSync(file, await resultsXlsx({ groups: [{ ruleSet: first!.ruleSet, result }] }));
    const shown = sheetsAsShown(file).get(result.groupName)!.flat();
    // a formula evaluated would show its result (2, 6, 1, 3) where the name should be
    const placed = hostile.filter((h) => units.some((u) => u.name === h && u.group === first!.ruleSet.group.key));
    expect(placed.length).toBeGreaterThan(2);
    for (const text of placed) expect(shown).toContain(text);
    expect(shown.some((c) => c.startsWith("'"))).toBe(false);
  });

  it('prints on landscape A4 pages, page numbers in the footer', { timeout: 120_000 }, async () => {
    const { groups } = demo();
    const file = join(work, 'print.xlsx');
    writeFileSync(file, await resultsXlsx({ groups }));
    convert(file, 'pdf');
    const info = execFileSync('/usr/bin/pdfinfo', [join(work, 'print.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const text = execFileSync('/usr/bin/pdftotext', [join(work, 'print.pdf'), '-'], { encoding: 'utf8' });
    for (let p = 1; p <= pages; p++) expect(text).toMatch(new RegExp(`(^|\\s)${p}\\s*/\\s*${pages}(\\s|$)`));
    expect(text).toContain(groups[0]!.result.units[0]!.unitName);
  });

  it('keeps a filled template importable after Calc opens and saves it again', { timeout: 120_000 }, async () => {
    const { b } = demo();
    const ruleSet = b.ruleSets[0]!;
    const assessor = b.assessors[0]!;
    const own = b.entries.filter((e) => e.assessorId === assessor.id);
    // prefilled with what the assessor has entered: the import of the untouched file changes nothing
    const original = await templateXlsx({ ruleSet, units: b.units, assessor, entries: own });
    const file = join(work, 'template.xlsx');
    writeFileSync(file, original);
    const resaved = join(work, 'resaved');
    execFileSync('mkdir', ['-p', resaved]);
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    try {
      execFileSync(LIBREOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', resaved, file], { stdio: 'pipe', timeout: 100_000 });
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const ctx = { ruleSet, units: b.units, assessorId: assessor.id, entries: b.entries };
    const direct = await importTemplate(original, ctx);
    const viaCalc = await importTemplate(readFileSync(join(resaved, 'template.xlsx')), ctx);
    if (!direct.ok) throw new Error(JSON.stringify(direct.errors.slice(0, 3)));
    if (!viaCalc.ok) throw new Error(JSON.stringify(viaCalc.errors.slice(0, 3)));
    expect(viaCalc.entries).toEqual(direct.entries);
    expect(viaCalc.entries.length).toBeGreaterThan(0);
  });
});
