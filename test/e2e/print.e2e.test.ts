/**
 * The print view (#/print) printed to PDF by Chromium, the way "打印 / 导出PDF → 另存为 PDF" does it:
 * A4 pages, no app chrome, the circular's text, then each group's results table on pages of its own
 * with the units in rank order. The PDF's text is read back with pdftotext and its pages rendered to
 * PNG (test-results/print-view-N.png) to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoResults } from './demoResults';
import { RESULTS, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const { year, groups } = demoResults();
const PDF = join(RESULTS, 'print-view.pdf');
const has = (tool: string) => ['/usr/bin', '/usr/local/bin', '/bin'].some((d) => existsSync(join(d, tool)));

/** The PDF's text with all white space removed: CJK lines wrap anywhere, and pdftotext adds breaks. */
const pdfText = () => execFileSync('pdftotext', ['-enc', 'UTF-8', PDF, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe('print view', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('print');
    browser = await launch(profile);
    const { page } = browser;
    await openApp(page, server.url);
    await navTo(page, 'export');
    await page.fill('[data-testid="circular-issuer"]', '示例省人民政府办公厅');
    await page.fill('[data-testid="circular-docNumber"]', '示政办发〔2025〕3号');
    await page.fill('[data-testid="circular-recipients"]', '各市州人民政府，省政府各部门');
    // the optional 版记
    await page.click('[data-testid="circular-banji"]');
    await page.fill('[data-testid="circular-cc"]', '省委办公厅，省人大常委会办公厅，省政协办公厅');
    await page.fill('[data-testid="circular-printer"]', '示例省人民政府办公厅');
    await page.fill('[data-testid="circular-printDate"]', '2025年2月10日');
    await page.click('[data-testid="open-print"]');
    await page.waitForSelector('[data-testid="print-view"]');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  it('shows the circular without the app’s masthead and menu, one attachment per group', async () => {
    const { page } = browser;
    expect(await page.locator('.masthead, .mainnav').count()).toBe(0);
    expect(await page.title()).toBe(`${year}年度政务公开考核情况通报`); // the name "另存为 PDF" offers
    expect(await page.textContent('.gw-title')).toBe(`关于${year}年度政务公开工作考核结果的通报`);
    expect(await page.textContent('.gw-recipients')).toBe('各市州人民政府，省政府各部门：');
    expect(await page.locator('[data-testid="print-attachment"]').evaluateAll((s) => s.map((e) => e.getAttribute('data-group')))).toEqual(
      groups.map((g) => g.key),
    );
    await screenshots(page, 'export-print-screen');
  });

  it('ends with the 版记 in 公文 layout: 抄送, then 印发机关 and 印发日期 on one line, at the foot of the last page', async () => {
    const { page } = browser;
    const banji = page.locator('[data-testid="print-banji"]');
    expect(await page.textContent('[data-testid="print-banji-cc"]')).toBe('抄送：省委办公厅，省人大常委会办公厅，省政协办公厅。');
    expect(await page.locator('[data-testid="print-banji-printed"] span').allTextContents()).toEqual(['示例省人民政府办公厅', '2025年2月10日印发']);
    // after every attachment
    expect(await page.$$eval('.gw-doc > section', (els) => els.at(-1)?.getAttribute('data-testid'))).toBe('print-banji');
    // 印发机关 at the left edge of the 版记, 印发日期 at its right, on the same line
    const [printer, printed] = await page.locator('[data-testid="print-banji-printed"] span').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    expect(Math.abs(printer!.top - printed!.top)).toBeLessThan(2);
    expect(printed!.left).toBeGreaterThan(printer!.right + 100);
    await banji.scrollIntoViewIfNeeded();
    await banji.screenshot({ path: join(RESULTS, 'print-banji.png') });
  });

  it('prints to A4 PDF with the title, each group’s units in rank order and their tiers', async () => {
    const { page } = browser;
    mkdirSync(RESULTS, { recursive: true });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: PDF, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    expect(existsSync(PDF)).toBe(true);
    if (!has('pdftotext')) return; // poppler-utils not installed: the PDF is there to look at

    const text = pdfText();
    expect(text).toContain(`关于${year}年度政务公开工作考核结果的通报`);
    expect(text).toContain('示政办发〔2025〕3号');
    expect(text).toContain('示例省人民政府办公厅文件');
    // the 版记 is on the last page, after the tables, at the foot of the 版心
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [PDF], { encoding: 'utf8' }))?.[1] ?? 0);
    const last = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(pages), '-l', String(pages), '-bbox', PDF, '-'], { encoding: 'utf8' });
    const words = [...last.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ y: Number(m[1]), w: m[2]! }));
    expect(words.map((w) => w.w).join('')).toContain('抄送：省委办公厅，省人大常委会办公厅，省政协办公厅。示例省人民政府办公厅2025年2月10日印发');
    expect(words.find((w) => w.w.includes('抄送'))!.y).toBeGreaterThan(841.9 * 0.75);
    expect(text.indexOf('抄送：')).toBeGreaterThan(text.lastIndexOf(groups.at(-1)!.result.units.at(-1)!.unitName));
    for (const [i, g] of groups.entries()) {
      // the attachment's own heading is the last place its title appears (the first is the 附件 list)
      const title = `${year}年度${g.name}政务公开工作考核结果`;
      const start = text.lastIndexOf(title);
      const next = groups[i + 1];
      const end = next ? text.lastIndexOf(`${year}年度${next.name}政务公开工作考核结果`) : text.length;
      expect(start).toBeGreaterThan(0);
      const table = text.slice(start, end);
      // looked up after the heading: a unit name may be part of the group name (兰州新区 in 市（州）政府及兰州新区管委会)
      const positions = g.result.units.map((u) => table.indexOf(u.unitName, title.length));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      for (const tier of new Set(g.result.units.map((u) => u.tierName))) expect(table).toContain(tier);
    }

    if (has('pdfinfo')) {
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', PDF], { encoding: 'utf8' });
      const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      expect(sizes.length).toBeGreaterThan(groups.length);
      // the first page is portrait A4 (595 × 842 pt); every page is A4 one way or the other
      expect(sizes[0]![0]).toBeCloseTo(595.3, 0);
      expect(sizes[0]![1]).toBeCloseTo(841.9, 0);
      for (const [w, h] of sizes) expect([Math.round(Math.min(w, h)), Math.round(Math.max(w, h))]).toEqual([595, 842]);
      const landscape = await page.locator('[data-testid="print-attachment"][data-orientation="landscape"]').count();
      expect(sizes.some(([w, h]) => w > h)).toBe(landscape > 0);
    }
    if (has('pdftoppm')) {
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [PDF], { encoding: 'utf8' }))?.[1] ?? 0);
      for (let n = 1; n <= pages; n++) {
        execFileSync('pdftoppm', ['-png', '-r', '100', '-f', String(n), '-l', String(n), '-singlefile', PDF, join(RESULTS, `print-view-${n}`)]);
      }
      expect(existsSync(join(RESULTS, 'print-view-1.png'))).toBe(true);
    }
  });

  it('logged no error and broke no content-security rule (column widths and the 发文机关标志 size are set by script)', () => {
    expect(browser.errors).toEqual([]);
  });
});
