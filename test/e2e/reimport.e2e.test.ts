/**
 * The app's own full export opens again in a fresh browser, and through the command line. In browser A
 * the demo gets a pasted screenshot on a finding and a city rule set whose 政务舆情回应 is worth 2 points
 * instead of 4 (兰州市 has 3.5 there), applied through the impact report with 按新规则调整. The exported
 * zip then opens in browser B — which already holds the demo under the same id — as a copy, with the
 * same ranking and the same picture; and merged into B's own demo, the file's rule set goes through the
 * impact report again before the entries come in, with the same ranking after.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFinding, chooseAssessor, committed, download, openUnit } from './appDriver';
import { DIST, RESULTS, dumpIndexedDb, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, waitSaved, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const NODE = 'keyArea.projects';
const REASON = '重大建设项目批准信息未按时公开（附截图）';

/** Pastes a 640×400 PNG "screenshot" where the user pressed Ctrl+V; returns its content hash. */
async function pasteScreenshot(page: Page, selector: string): Promise<string> {
  return page.evaluate(async (sel) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 400;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 640, 400);
    ctx.fillStyle = '#a01010';
    ctx.font = 'bold 44px sans-serif';
    ctx.fillText('栏目长期未更新', 120, 210);
    const blob = await new Promise<Blob>((ok) => canvas.toBlob((b) => ok(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    document.querySelector(sel)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
    return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }, selector);
}

/** The first finding's picture: its content hash and whether it decoded. */
async function shownImage(page: Page): Promise<{ hash: string; decoded: boolean }> {
  await page.waitForSelector('[data-testid="finding"] [data-testid="attachment-image"]', { timeout: 15_000 });
  return page.evaluate(async () => {
    const fig = document.querySelector('[data-testid="finding"] [data-testid="attachment"]')!;
    const img = fig.querySelector('img')!;
    if (!img.complete) await new Promise((ok) => img.addEventListener('load', ok, { once: true }));
    return { hash: fig.getAttribute('data-hash') ?? '', decoded: img.naturalWidth > 0 };
  });
}

/** Every group's ranking as shown: rank, tier and the row's text (unit, indicator scores, total). */
async function ranking(page: Page): Promise<Record<string, string[]>> {
  await navTo(page, 'rankings');
  const out: Record<string, string[]> = {};
  for (const group of ['city', 'department']) {
    await page.click(`[data-testid="group-tab-${group}"]`);
    await page.waitForSelector(`[data-testid="rank-table-${group}"] [data-testid="rank-row"]`);
    out[group] = await page
      .locator(`[data-testid="rank-table-${group}"] [data-testid="rank-row"]`)
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-rank')}|${r.getAttribute('data-tier')}|${r.textContent}`));
  }
  return out;
}

/** The demo's city rule set with 政务舆情回应 worth 2 points (an example change, not a published one). */
function loweredCityRules(): string {
  const demo = JSON.parse(readFileSync(join(DIST, 'demo', 'demo-bundle.json'), 'utf8')) as { ruleSets: { group: { key: string }; version: string; root: unknown }[] };
  const rules = structuredClone(demo.ruleSets.find((r) => r.group.key === 'city')!);
  const lower = (n: { key: string; max?: number; children?: unknown[] }) => {
    if (n.key === 'basic.response') n.max = 2;
    (n.children as (typeof n)[] | undefined)?.forEach(lower);
  };
  lower(rules.root as { key: string });
  rules.version = `${rules.version}-修订`;
  return JSON.stringify(rules, null, 2);
}

/** Chooses 按新规则调整 for values above the new max and 保留为备注 for every other kind, then confirms. */
async function clampAndApply(page: Page): Promise<void> {
  for (const kind of await page.locator('[data-testid^="impact-"][data-testid$="-note"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))) {
    await page.click(`[data-testid="${kind}"]`);
  }
  await page.click('[data-testid="impact-aboveMax-clamp"]');
  await page.click('[data-testid="impact-apply"]');
  await page.waitForSelector('[data-testid="impact-dialog"]', { state: 'detached', timeout: 30_000 });
  await waitSaved(page);
}

describe('the full export opens again in a fresh browser and through the command line', () => {
  let server: StaticServer;
  let a: RunningBrowser;
  let b: RunningBrowser | undefined;
  const profiles: string[] = [];
  const files = mkdtempSync(join(tmpdir(), 'zwgk-reimport-'));
  const zip = join(files, 'full.zip');
  let pasted = '';
  let rankingA: Record<string, string[]> = {};

  beforeAll(async () => {
    server = await startServer();
    profiles.push(newProfileDir('reimport-a'));
    a = await launch(profiles[0]!);
    await openApp(a.page, server.url);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await server?.close();
    profiles.forEach(removeProfile);
    rmSync(files, { recursive: true, force: true });
  });

  it('in browser A: a pasted screenshot, a lowered max clamped through the impact report, the full export', async () => {
    const { page } = a;
    const demoRanking = await ranking(page);
    await chooseAssessor(page, '张敏');
    await openUnit(page, 'city', '兰州市');
    await addFinding(page, NODE, REASON);
    await committed(page, async () => {
      pasted = await pasteScreenshot(page, `[data-testid="findings-${NODE}"]`);
    });
    expect((await shownImage(page)).hash).toBe(pasted);

    await navTo(page, 'setup');
    const rules = join(files, '市州规则-修订.json');
    writeFileSync(rules, loweredCityRules());
    await page.setInputFiles('[data-testid="rules-file-city"]', rules);
    await page.waitForSelector('[data-testid="impact-dialog"]');
    expect(await page.textContent('[data-testid="impact-aboveMax"]')).toContain('录入 3.5 分，新满分 2 分');
    await clampAndApply(page);

    rankingA = await ranking(page);
    // the change shows in the results: otherwise equal rankings below would prove nothing
    expect(rankingA.city).not.toEqual(demoRanking.city);

    await navTo(page, 'export');
    expect(await download(page, '[data-testid="export-full"]', zip)).toMatch(/\.zip$/);
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK');
  });

  it('the exported zip is scored by the command line', () => {
    const out = execFileSync('node', ['scripts/cli.mjs', 'score', zip, '--format', 'csv'], { encoding: 'utf8' });
    expect(out).toContain('兰州市');
    expect(out).toContain('省政府部门');
  });

  it('in a fresh browser B holding the demo: opened as a copy, with the same ranking and the same picture', async () => {
    profiles.push(newProfileDir('reimport-b'));
    b = await launch(profiles[1]!);
    const { page } = b;
    await openApp(page, server.url);
    await navTo(page, 'setup');
    await page.setInputFiles('[data-testid="open-bundle-file"]', zip);
    await page.waitForSelector('[data-testid="open-exists"]');
    expect(await page.textContent('[data-testid="open-exists"]')).toContain('本机已经存在');
    await screenshots(page, 'reimport-open-exists');
    await page.click('[data-testid="open-exists-copy"]');
    await page.waitForSelector('[data-testid="open-bundle-done"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="open-bundle-done"]')).toContain('1 个附件');
    await page.waitForFunction(() => document.querySelector('[data-testid="assessment-name"]')?.textContent?.endsWith('（副本）'));
    await page.locator('[data-testid="assessment-info"]').screenshot({ path: join(RESULTS, 'reimport-opened.png') });

    expect(await ranking(page)).toEqual(rankingA);
    await chooseAssessor(page, '张敏');
    await openUnit(page, 'city', '兰州市');
    const there = await shownImage(page);
    expect(there).toEqual({ hash: pasted, decoded: true });
  });

  it('merged into B’s own demo: the file’s rule set goes through the impact report, then the ranking is A’s', async () => {
    const { page } = b!;
    await navTo(page, 'setup');
    await page.selectOption('[data-testid="assessment-picker"]', { label: `${await demoName(page)}` });
    await page.waitForFunction(() => !document.querySelector('[data-testid="assessment-name"]')?.textContent?.endsWith('（副本）'));
    await navTo(page, 'export');
    await page.setInputFiles('[data-testid="import-file"]', zip);
    await page.waitForSelector('[data-testid="impact-dialog"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="merge-rules-intro"]')).toContain('修订');
    const aboveMax = (await page.textContent('[data-testid="impact-aboveMax"]')) ?? '';
    expect(aboveMax).toContain('兰州市');
    expect(aboveMax).toContain('录入 3.5 分，新满分 2 分');

    // an office laptop's screen: the list scrolls inside the dialog, the buttons stay in view
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    for (const button of ['impact-apply', 'impact-cancel']) {
      const box = (await page.locator(`[data-testid="${button}"]`).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    expect(await page.locator('[data-testid="impact-list"]').evaluate((el) => getComputedStyle(el).overflowY)).toBe('auto');
    await page.screenshot({ path: join(RESULTS, 'reimport-merge-impact-1366x768.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(RESULTS, 'reimport-merge-impact-1920x1080.png') });

    await clampAndApply(page);
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="import-done"]')).toContain('已按文件更换 1 个分组的规则集');
    await page.locator('[data-testid="import"]').screenshot({ path: join(RESULTS, 'reimport-import-card.png') });
    expect(await ranking(page)).toEqual(rankingA);
  });

  it('a damaged file opened as a new assessment is refused, the zip entry and its finding named, nothing stored', async () => {
    // in browser B: the exported zip with one byte of its picture changed
    const { default: JSZip } = await import('jszip');
    const z = await JSZip.loadAsync(readFileSync(zip));
    const name = Object.keys(z.files).find((n) => n.startsWith('files/') && !z.files[n]!.dir)!;
    const bytes = await z.file(name)!.async('uint8array');
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    z.file(name, bytes);
    const damaged = join(files, '损坏.zip');
    writeFileSync(damaged, await z.generateAsync({ type: 'uint8array' }));
    const { page } = b!;
    await navTo(page, 'export');
    const before = await dumpIndexedDb(page);
    await page.setInputFiles('[data-testid="open-bundle-file"]', damaged);
    await page.waitForSelector('[data-testid="open-bundle-errors"]', { timeout: 30_000 });
    const text = (await page.textContent('[data-testid="open-bundle-errors"]')) ?? '';
    expect(text).toContain(`损坏.zip › ${name}`);
    expect(text).toContain('附件文件内容与其哈希不符');
    expect(text).toContain('兰州市');
    expect(await dumpIndexedDb(page)).toEqual(before);
    await page.locator('[data-testid="import"]').screenshot({ path: join(RESULTS, 'reimport-open-damaged.png') });
  });
});

/** The demo's name as the picker lists it (the one that is not the copy). */
async function demoName(page: Page): Promise<string> {
  const labels = await page.locator('[data-testid="assessment-picker"] option').allTextContents();
  return labels.find((l) => !l.includes('（副本）'))!;
}
