/**
 * Renders the circular and a problem list of the demo assessment through LibreOffice to PDF and PNG
 * pages (test-results/circular-*.png, test-results/problem-list-*.png) for a person to look at, and
 * checks what can be checked mechanically: A4 pages, landscape attachment pages, CJK fonts, page numbers.
 *
 * The official fonts (仿宋_GB2312, 方正小标宋简体…) are rarely installed on a build machine; a local
 * fontconfig file maps them the way a Chinese office machine's substitutes look (serif for 宋/仿宋/楷,
 * sans for 黑体), using the Noto CJK fonts. Skipped where LibreOffice or poppler is not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/formats/bundle';
import { circularDocx } from '../../src/formats/docx/circularDocx';
import { resultsXlsx } from '../../src/formats/xlsx/resultsXlsx';
import { problemListDocx } from '../../src/formats/docx/problemListDocx';
import { unitProblems } from '../../src/report/reportTables';
import { groupSentences } from '../../src/report/circularText';
import { scoreGroup } from '../../src/engine/group/pipeline';

const LIBREOFFICE = '/usr/bin/libreoffice';
const PDFTOPPM = '/usr/bin/pdftoppm';
const missing = !existsSync(LIBREOFFICE) || !existsSync(PDFTOPPM);
const OUT = resolve('test-results');

const FONTS_CONF = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  ${[
    ['仿宋_GB2312', 'Noto Serif CJK SC'],
    ['方正小标宋简体', 'Noto Serif CJK SC'],
    ['楷体_GB2312', 'Noto Serif CJK SC'],
    ['宋体', 'Noto Serif CJK SC'],
    ['黑体', 'Noto Sans CJK SC'],
    ['Calibri', 'Carlito'],
  ]
    .map(([from, to]) => `<alias binding="same"><family>${from}</family><prefer><family>${to}</family></prefer></alias>`)
    .join('\n  ')}
  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test><edit name="weight" mode="assign"><const>bold</const></edit></match>
</fontconfig>
`;

function demo() {
  const parsed = parseBundle(readFileSync(resolve('public/demo/demo-bundle.json'), 'utf8'), 'demo-bundle.json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  const b = parsed.bundle;
  return { b, groups: b.ruleSets.map((ruleSet) => ({ ruleSet, result: scoreGroup(ruleSet, b.units, b.entries, b.assessors) })) };
}

/** docx → pdf → one PNG per page at 60 dpi; returns the pdf path and the PNG names. */
function render(docx: Uint8Array, name: string, ext = 'docx'): { pdf: string; pages: string[] } {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(OUT, f));
  const source = join(OUT, `${name}.${ext}`);
  writeFileSync(source, docx);
  writeFileSync(join(OUT, 'render-fonts.conf'), FONTS_CONF);
  // a profile of its own, so that a LibreOffice already running elsewhere does not take the job
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    execFileSync(LIBREOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, source], {
      env: { ...process.env, FONTCONFIG_FILE: join(OUT, 'render-fonts.conf') },
      stdio: 'pipe',
      timeout: 100_000,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const pdf = join(OUT, `${name}.pdf`);
  execFileSync(PDFTOPPM, ['-png', '-r', '60', pdf, join(OUT, name)]);
  const pages = readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
  return { pdf, pages };
}

const tool = (name: string, args: string[]) => execFileSync(`/usr/bin/${name}`, args, { encoding: 'utf8' });

describe.skipIf(missing)('rendering with LibreOffice', () => {
  it('renders the circular: A4 body pages, landscape attachment pages, CJK fonts, page numbers', { timeout: 120_000 }, async () => {
    const { groups } = demo();
    const { pdf, pages } = render(await circularDocx(groups, { year: 2024, shortNames: { department: '部门' } }), 'circular');
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const sizes = tool('pdfinfo', ['-f', '1', '-l', String(pages.length), pdf]);
    expect(sizes).toMatch(/Page +1 size: +595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(sizes).toMatch(/size: +841\.\d+ x 595\.\d+ pts \(A4\)/); // the attachment tables
    expect(tool('pdffonts', [pdf])).toMatch(/CJK/);
    // the PDF's text has spaces between CJK and digits and line breaks inside paragraphs: compare without them
    const text = tool('pdftotext', [pdf, '-']).replace(/\s+/g, '');
    expect(text).toContain('关于2024年度政务公开工作考核结果的通报');
    for (const g of groups) expect(text).toContain(groupSentences(g.result).join(''));
    expect(text).toContain('—1—');
    expect(text).toContain(`—${pages.length}—`);
    expect(text).toContain('附件1');
  });

  it('renders the circular with its 依据, 整改期限 and a 版记 on the last page', { timeout: 120_000 }, async () => {
    const { groups } = demo();
    const options = {
      year: 2024,
      shortNames: { department: '部门' },
      issuer: '示例省人民政府办公厅',
      basis: '示例省2024年度政务公开工作考核方案',
      deadline: '2025年6月30日',
      banji: { cc: '省委办公厅，省人大常委会办公厅，省政协办公厅', printer: '示例省人民政府办公厅', printDate: '2025年2月10日' },
    };
    const { pdf, pages } = render(await circularDocx(groups, options), 'circular-fields');
    const text = tool('pdftotext', [pdf, '-']).replace(/\s+/g, '');
    expect(text).toContain('根据《示例省2024年度政务公开工作考核方案》有关要求');
    expect(text).toContain('于2025年6月30日前将整改情况报送');
    const last = tool('pdftotext', ['-f', String(pages.length), '-l', String(pages.length), pdf, '-']).replace(/\s+/g, '');
    expect(last).toContain('抄送：省委办公厅，省人大常委会办公厅，省政协办公厅。');
    // pdftotext reads the tab-aligned 印发日期 apart from the 印发机关
    expect(last).toContain('示例省人民政府办公厅');
    expect(text).toContain('2025年2月10日印发');
  });

  it('prints the results workbook landscape, each group one page wide and readable, title and header on every page', { timeout: 120_000 }, async () => {
    const { b, groups } = demo();
    const bytes = await resultsXlsx({ groups, sheets: { units: b.units, entries: b.entries, assessors: b.assessors }, title: '考核结果' });
    const { pdf, pages } = render(bytes, 'results-xlsx', 'xlsx');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(tool('pdfinfo', ['-f', '1', '-l', '1', pdf])).toMatch(/size: +841\.\d+ x 595\.\d+ pts \(A4\)/);
    const page = (n: number) => tool('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-']).replace(/\s+/g, '');
    // the 15 cities on one page: every unit, the last columns and the note naming the coded items
    const [cities, departments] = groups;
    const first = page(1);
    expect(first).toContain(`${cities!.result.groupName}政务公开考核结果`);
    for (const u of cities!.result.units) expect(first).toContain(u.unitName);
    expect(first).toContain('等次');
    expect(first).toContain('注：1.1政策文件及解读（8分）');
    // the departments' sheet follows, then the findings sheet; whether 32 departments take one page or
    // two depends on the fonts installed, so every page of each sheet is checked for its title and header
    const texts = pages.map((_, i) => page(i + 1));
    // LibreOffice ends this workbook with an empty page, without even its footer; with the panes not
    // frozen, or one finding fewer, it does not. Nothing is printed on it, so it is left out here.
    if (texts.length > 3 && texts.at(-1) === '') texts.pop();
    const title = `${departments!.result.groupName}政务公开考核结果`;
    const after = texts.slice(1).findIndex((t) => !t.includes(title)) + 1;
    expect(after).toBeGreaterThanOrEqual(2);
    expect(texts[1]).toMatch(new RegExp(`^${title}`));
    for (const t of texts.slice(1, after)) expect(t).toContain('序号');
    for (const u of departments!.result.units) expect(texts.slice(1, after).join('')).toContain(u.unitName);
    // the findings sheet's header row is printed again at the top of each of its pages
    expect(texts.length).toBeGreaterThan(after);
    for (const t of texts.slice(after)) for (const head of ['单位', '指标', '检查点', '扣分原因', '佐证']) expect(t).toContain(head);
    if (tool('fc-list', []).includes('Carlito')) {
      // printed size: a unit name's characters at 11 pt × the scale LibreOffice chose (with Calibri's
      // metrics, as Excel and WPS measure columns) — at least 60 %, about 6.6 pt a character
      const box = tool('pdftotext', ['-f', '1', '-l', '1', '-bbox', pdf, '-']).match(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">白银市<\/word>/);
      expect(box).not.toBeNull();
      expect((Number(box![2]) - Number(box![1])) / 3).toBeGreaterThanOrEqual(11 * 0.6);
    }
  });

  it('renders a problem list on A4', { timeout: 120_000 }, async () => {
    const { b, groups } = demo();
    const first = groups[0];
    if (!first) throw new Error('no group');
    const lists = unitProblems(first.ruleSet, first.result, b.units, b.entries, b.assessors);
    const withFindings = lists.find((l) => l.findings.length > 0) ?? lists[0];
    if (!withFindings) throw new Error('no unit');
    const { pdf, pages } = render(await problemListDocx(withFindings, { year: 2024 }), 'problem-list');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(tool('pdfinfo', [pdf])).toMatch(/Page size: +595\.\d+ x 841\.\d+ pts \(A4\)/);
    // a long title wraps: compare without the line breaks
    expect(tool('pdftotext', [pdf, '-']).replace(/\s+/g, '')).toContain(`${withFindings.unitName}2024年度政务公开工作考核问题清单`);
  });
});
