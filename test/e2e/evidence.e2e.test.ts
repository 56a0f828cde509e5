/**
 * Evidence that travels: a screenshot pasted onto a finding survives a reload with the network off,
 * goes to another machine inside a bundle zip, and is printed under its finding in the problem list (one
 * unit's and every unit's); the results workbook names it as the unit's evidence zip does; an appeal
 * keeps the files attached to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFinding, chooseAssessor, committed, download, openUnit } from './appDriver';
import { RESULTS, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, waitForServiceWorker, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const NODE = 'keyArea.projects';
const REASON = '重大建设项目批准信息未按时公开（附截图）';

/** Pastes a 640×400 PNG "screenshot" (a red frame and a caption) where the user pressed Ctrl+V. */
async function pasteScreenshot(page: Page, selector: string): Promise<string> {
  return page.evaluate(async (sel) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 400;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 640, 400);
    ctx.strokeStyle = '#d00000';
    ctx.lineWidth = 12;
    ctx.strokeRect(20, 20, 600, 360);
    ctx.fillStyle = '#1040a0';
    ctx.font = 'bold 48px sans-serif';
    ctx.fillText('404 Not Found', 150, 200);
    const blob = await new Promise<Blob>((ok) => canvas.toBlob((b) => ok(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    const target = document.querySelector(sel)!;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
    return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }, selector);
}

/** The content hash of the first finding's attachment, and whether its picture decoded. */
async function shownImage(page: Page): Promise<{ hash: string; decoded: boolean; name: string }> {
  await page.waitForSelector('[data-testid="finding"] [data-testid="attachment-image"]', { timeout: 15_000 });
  return page.evaluate(async () => {
    const fig = document.querySelector('[data-testid="finding"] [data-testid="attachment"]')!;
    const img = fig.querySelector('img')!;
    if (!img.complete) await new Promise((ok) => img.addEventListener('load', ok, { once: true }));
    return { hash: fig.getAttribute('data-hash') ?? '', decoded: img.naturalWidth > 0, name: fig.getAttribute('data-name') ?? '' };
  });
}

describe('evidence', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let other: RunningBrowser | undefined;
  const profiles: string[] = [];
  let pastedHash = '';
  const out = join(RESULTS, 'evidence');

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    server = await startServer();
    profiles.push(newProfileDir('evidence'));
    browser = await launch(profiles[0]!);
  });

  afterAll(async () => {
    await other?.close();
    await browser?.close();
    await server?.close();
    profiles.forEach(removeProfile);
  });

  it('a screenshot pasted onto a finding is there after a reload with the network off', async () => {
    const { page, context } = browser;
    await openApp(page, server.url);
    await waitForServiceWorker(page);
    await chooseAssessor(page, '张敏');
    await openUnit(page, 'city', '兰州市');
    await addFinding(page, NODE, REASON);
    await committed(page, async () => {
      pastedHash = await pasteScreenshot(page, `[data-testid="findings-${NODE}"]`);
    });
    const here = await shownImage(page);
    expect(here.decoded).toBe(true);
    expect(here.hash).toBe(pastedHash);
    expect(here.name).toMatch(/^截图-\d{8}-\d{6}\.png$/);
    await page.locator('[data-testid="unit-evidence"]').scrollIntoViewIfNeeded();
    await page.locator(`[data-testid="findings-${NODE}"]`).scrollIntoViewIfNeeded();
    await screenshots(page, 'evidence-finding');

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await openUnit(page, 'city', '兰州市');
    const after = await shownImage(page);
    expect(after).toEqual(here);
    await page.locator('[data-testid="unit-evidence"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'evidence-unit-section.png') });
    await context.setOffline(false);
  });

  it('a bundle exported with its attachments brings the same image to a fresh browser profile', async () => {
    const { page } = browser;
    await navTo(page, 'export');
    const file = await download(page, '[data-testid="export-full"]', join(out, 'bundle.zip'));
    expect(file).toMatch(/\.zip$/);
    expect(readFileSync(join(out, 'bundle.zip')).subarray(0, 2).toString()).toBe('PK');

    profiles.push(newProfileDir('evidence-fresh'));
    other = await launch(profiles[1]!);
    await openApp(other.page, server.url);
    await navTo(other.page, 'export');
    await other.page.setInputFiles('[data-testid="import-file"]', join(out, 'bundle.zip'));
    await other.page.waitForSelector('[data-testid="import-done"]', { timeout: 30_000 });
    await chooseAssessor(other.page, '张敏');
    await openUnit(other.page, 'city', '兰州市');
    const there = await shownImage(other.page);
    expect(there.decoded).toBe(true);
    expect(there.hash).toBe(pastedHash);
    await other.page.locator(`[data-testid="findings-${NODE}"]`).scrollIntoViewIfNeeded();
    await other.page.screenshot({ path: join(RESULTS, 'evidence-imported.png') });
  });

  it('the unit’s problem list (Word) carries the screenshot under its finding, as LibreOffice renders it', async () => {
    const { page } = browser;
    await navTo(page, 'export');
    await page.selectOption('[data-testid="problem-unit"]', { label: '兰州市' });
    const docx = join(out, 'problem-list.docx');
    await download(page, '[data-testid="download-problem-unit"]', docx);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(readFileSync(docx));
    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('问题佐证材料');
    expect(document).toContain(REASON);

    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, docx], { stdio: 'ignore', timeout: 120_000 });
    execFileSync('pdftoppm', ['-png', '-r', '60', join(out, 'problem-list.pdf'), join(RESULTS, 'evidence-problem-list')], { timeout: 60_000 });
    const pages = readdirSync(RESULTS).filter((n) => n.startsWith('evidence-problem-list') && n.endsWith('.png'));
    expect(pages.length).toBeGreaterThan(0);
  }, 240_000);

  it('every unit’s problem list zip embeds the screenshot too, and the results workbook names it as the evidence zip does', async () => {
    const { page } = browser;
    await navTo(page, 'export');
    const all = join(out, 'problem-lists.zip');
    await download(page, '[data-testid="download-problem-zip"]', all);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(readFileSync(all));
    const lanzhou = Object.keys(zip.files).find((n) => n.endsWith('.docx') && n.includes('兰州市'))!;
    const inner = await JSZip.loadAsync(await zip.file(lanzhou)!.async('uint8array'));
    const media = Object.keys(inner.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const { createHash } = await import('node:crypto');
    expect(`sha256:${createHash('sha256').update(await inner.file(media[0]!)!.async('uint8array')).digest('hex')}`).toBe(pastedHash);

    const xlsx = join(out, 'results.xlsx');
    await download(page, '[data-testid="download-results-xlsx"]', xlsx);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('问题清单')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const column = header.indexOf('佐证材料') + 1;
    expect(column).toBeGreaterThan(0);
    let named = '';
    ws.eachRow((row) => {
      if (String(row.getCell(4).value ?? '').includes(REASON)) named = String(row.getCell(column).value ?? '');
    });

    await openUnit(page, 'city', '兰州市');
    const evidenceZip = join(out, 'lanzhou-evidence.zip');
    await download(page, '[data-testid="unit-evidence-export"]', evidenceZip);
    const files = Object.keys((await JSZip.loadAsync(readFileSync(evidenceZip))).files).filter((n) => !n.endsWith('/'));
    expect(named).not.toBe('');
    expect(files).toContain(named);
  }, 120_000);

  it('a file added to an appeal is there after a reload', async () => {
    const { page } = browser;
    await openUnit(page, 'city', '嘉峪关市');
    const row = page.locator('[data-testid="appeal-row"][data-status="open"]').first();
    await row.scrollIntoViewIfNeeded();
    const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } });
    const input = row.locator('[data-testid="appeal-evidence"] input[type="file"]');
    await committed(page, () => input.setInputFiles({ name: '申诉说明截图.png', mimeType: 'image/png', buffer: shot }));
    await row.locator('[data-testid="attachment"][data-name="申诉说明截图.png"] img').waitFor({ timeout: 15_000 });
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await openUnit(page, 'city', '嘉峪关市');
    const again = page.locator('[data-testid="appeal-row"][data-status="open"] [data-testid="attachment"][data-name="申诉说明截图.png"] img').first();
    await again.waitFor({ timeout: 15_000 });
    expect(await again.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.locator('[data-testid="appeal-section"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'evidence-appeal.png') });
  });
});
