/**
 * Reopening a larger assessment: the ranking shows first, from the stored results snapshot (or, when
 * the inputs changed since it was stored, from results scored in a worker), marked 正在载入 while the
 * page still reads the entries; then the full page, with the same results as before the reload and as
 * while it loaded. After an edit, a reload never shows the numbers from before it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeBundle, serializeBundle } from '../../src/formats/bundle';
import { synthetic } from '../../bench/synthetic';
import { RESULTS, dumpIndexedDb, navTo } from './harness';
import { chooseAssessor, openUnit, setValue, valueOf } from './appDriver';
import { appSession } from './session';

const UNITS = 400;

/** What the ranking says: the visible rows and the tier counts. */
const rankingNow = () => ({
  rows: [...document.querySelectorAll('[data-testid="rank-row"]')].slice(0, 30).map((r) => r.textContent),
  tiers: document.querySelector('[data-testid="tier-summary"]')?.textContent ?? null,
});

/** Whether the assessment's stored snapshot is at the inputs' current change count, read with the raw IndexedDB API. */
const snapshotCurrent = (assessmentId: string) =>
  new Promise<boolean>((resolve) => {
    const open = indexedDB.open('zwgk-kaohe');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['inputChanges', 'resultSnapshots'], 'readonly');
      const count = tx.objectStore('inputChanges').get('inputs');
      const snap = tx.objectStore('resultSnapshots').get(assessmentId);
      tx.oncomplete = () => {
        db.close();
        resolve(snap.result !== undefined && snap.result.changes === (count.result?.count ?? 0));
      };
    };
    open.onerror = () => resolve(false);
  });

describe('a cold start of a larger assessment', () => {
  const s = appSession('coldstart');

  it('shows the ranking while the entries load, then the full page with the same results', async () => {
    const { page } = s.browser;
    const data = synthetic(UNITS, 150, 3);
    const file = join(s.files, 'larger.json');
    writeFileSync(
      file,
      serializeBundle(
        makeBundle({
          assessment: { id: 'larger', name: `较大考核：${data.entries.length} 条评分`, year: 2025, status: 'open' },
          ruleSets: [data.ruleSet],
          units: data.units,
          assessors: data.assessors,
          entries: data.entries,
          exportedAt: '2025-01-01T00:00:00.000Z',
        }),
      ),
    );
    await navTo(page, 'rankings');
    // what the bar said while reading and writing at once: the packs written so far, out of all, with the bar's value
    await page.evaluate(() => {
      const w = window as unknown as { storing: string[] };
      w.storing = [];
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="import-progress"][data-stage="load"]');
        if (!bar) return;
        const said = `${bar.querySelector('[data-testid="import-progress-label"]')?.textContent} | ${bar.querySelector('progress')?.getAttribute('value') ?? 'no value'}`;
        if (w.storing.at(-1) !== said) w.storing.push(said);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    // stopped while it reads and writes at once: the page says so and nothing is kept. 取消 is clicked in the
    // page the moment the bar shows that stage: a click sent from here could come after the last slice
    const kept = await dumpIndexedDb(page);
    await page.evaluate(() => {
      new MutationObserver((_, watching) => {
        const cancel = document.querySelector<HTMLButtonElement>('[data-testid="import-progress"][data-stage="load"] [data-testid="import-cancel"]');
        if (!cancel) return;
        watching.disconnect();
        cancel.click();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.setInputFiles('[data-testid="yoy-load-file"]', file);
    const stopped = page.locator('[data-testid="yoy-load-outcome"][data-kind="cancelled"]');
    await stopped.waitFor({ timeout: 60_000 });
    expect(await stopped.textContent()).toContain('已取消导入“larger.json”，数据未作任何修改');
    expect(await dumpIndexedDb(page)).toEqual(kept);

    await page.setInputFiles('[data-testid="yoy-load-file"]', file);
    // the bar while it reads and writes, photographed when it can be caught (a fast machine may be done first)
    const reading = await page.waitForSelector('[data-testid="import-progress"][data-stage="load"]', { timeout: 15_000 }).catch(() => null);
    if (reading) {
      await page.locator('[data-testid="yoy-load-outcome"]').evaluate((el) => el.parentElement?.scrollIntoView());
      await page.screenshot({ path: join(RESULTS, 'open-while-reading.png') });
    }
    const outcome = page.locator('[data-testid="yoy-load-outcome"]:not([data-kind="none"])');
    await outcome.waitFor({ timeout: 180_000 });
    expect(await outcome.getAttribute('data-kind')).toBe('done');
    // 1,200 packs (400 units × 3 assessors) are read and written in three slices: the bar counts them after each
    const storing = await page.evaluate(() => (window as unknown as { storing: string[] }).storing);
    const counted = storing
      .map((said) => /^正在边校验边写入（第 2\/3 步）：已处理 ([\d,]+) \/ 1,?200 组评分（单位 × 考核人员）。全部校验通过后才保存 \| (\d+)$/.exec(said))
      .filter((m) => m !== null);
    expect(counted.length, storing.join('\n')).toBeGreaterThan(0);
    for (const [, shown, value] of counted) {
      expect(Number(shown!.replace(/,/g, ''))).toBe(Number(value));
      expect(Number(value)).toBeGreaterThanOrEqual(0);
      expect(Number(value)).toBeLessThanOrEqual(1200);
    }
    expect(counted.some(([, , value]) => Number(value) > 0)).toBe(true);
    await navTo(page, 'setup');
    await page.selectOption('[data-testid="assessment-picker"]', 'larger');
    await page.waitForFunction(() => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes('较大考核'), undefined, { timeout: 120_000 });
    await navTo(page, 'rankings');
    await page.waitForSelector('[data-testid="app-ready"]:not([data-loading]) [data-testid="rank-row"]', { timeout: 120_000 });
    const before = await page.evaluate(rankingNow);
    expect(before.rows.length).toBeGreaterThan(10);

    // from the first script of the reloaded page: what the ranking said while the entries were loading
    await page.addInitScript(`(${(() => {
      const w = window as unknown as { whileLoading?: unknown; sawLoading?: boolean; loadingStates?: string[] };
      w.loadingStates = [];
      new MutationObserver(() => {
        const banner = document.querySelector('[data-testid="entries-loading"]');
        if (!banner) return;
        w.sawLoading = true;
        // every ranking drawn while loading, with where its results came from
        if (document.querySelector('[data-testid="rank-row"]')) {
          const state = JSON.stringify({ from: banner.getAttribute('data-from'), ...(window as unknown as { rankingNow: () => object }).rankingNow() });
          if (w.loadingStates!.at(-1) !== state) w.loadingStates!.push(state);
        }
        if (w.whileLoading === undefined && document.querySelector('[data-testid="rank-row"]') && document.querySelector('[data-testid="tier-summary"]')) {
          w.whileLoading = {
            banner: banner.textContent,
            loadingMark: document.querySelector('[data-testid="app-ready"]')?.getAttribute('data-loading'),
            whatIfDisabled: (document.querySelector('[data-testid="whatif-toggle"]') as HTMLButtonElement | null)?.disabled,
            from: banner.getAttribute('data-from'),
            ...(window as unknown as { rankingNow: () => object }).rankingNow(),
          };
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    }).toString()})();`);
    await page.addInitScript(`window.rankingNow = ${rankingNow.toString()};`);
    await page.reload();
    // the loading state, photographed when it can be caught (a fast machine may read everything first)
    const banner = await page.waitForSelector('[data-testid="entries-loading"]', { timeout: 60_000 }).catch(() => null);
    if (banner) await page.screenshot({ path: join(RESULTS, 'cold-start-loading.png') });
    await page.waitForSelector('[data-testid="app-ready"]:not([data-loading]) [data-testid="rank-row"]', { timeout: 120_000 });
    const whileLoading = await page.evaluate(() => (window as unknown as { whileLoading?: Record<string, unknown> }).whileLoading);
    const sawLoading = await page.evaluate(() => (window as unknown as { sawLoading?: boolean }).sawLoading);
    expect(sawLoading).toBe(true);
    expect(whileLoading).toBeDefined();
    expect(whileLoading!.banner).toMatch(/正在载入评分记录…（\d+%）/);
    expect(whileLoading!.loadingMark).toBe('entries');
    expect(whileLoading!.whatIfDisabled).toBe(true);
    // opening it before the reload stored its results: they show at once, before any entry is scored
    expect(whileLoading!.from).toBe('snapshot');
    // the same results while loading, once loaded, and before the reload
    expect({ rows: whileLoading!.rows, tiers: whileLoading!.tiers }).toEqual(before);
    expect(await page.evaluate(rankingNow)).toEqual(before);
    expect(await page.locator('[data-testid="entries-loading"]').count()).toBe(0);
    await page.screenshot({ path: join(RESULTS, 'cold-start-loaded.png') });

    // an edit to the first-ranked unit's score, then at once a reload: its old numbers never show
    const top = await page.locator('[data-testid="rank-row"]').first().locator('.unit-name').innerText();
    await chooseAssessor(page, '评分人0');
    await openUnit(page, 'city', top);
    await setValue(page, 'basic_1', (await valueOf(page, 'basic_1')) === '0' ? '1' : '0');
    await navTo(page, 'rankings');
    await page.waitForSelector('[data-testid="app-ready"]:not([data-loading]) [data-testid="rank-row"]', { timeout: 120_000 });
    const edited = await page.evaluate(rankingNow);
    expect(edited).not.toEqual(before);
    const loadingStates = async () =>
      (await page.evaluate(() => (window as unknown as { loadingStates: string[] }).loadingStates)).map((s) => JSON.parse(s) as { from: string; rows: string[]; tiers: string });
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]:not([data-loading]) [data-testid="rank-row"]', { timeout: 120_000 });
    const afterEdit = await loadingStates();
    expect(afterEdit.length).toBeGreaterThan(0);
    for (const state of afterEdit) {
      // the snapshot from before the edit is out of date: the results are scored again from what is stored
      expect(state.from).toBe('scored');
      expect({ rows: state.rows, tiers: state.tiers }).toEqual(edited);
    }
    expect(await page.evaluate(rankingNow)).toEqual(edited);

    // that scoring stored a new snapshot (seen in the database itself): the next reload shows it, with the edit
    await page.waitForFunction(snapshotCurrent, 'larger', { timeout: 60_000, polling: 250 });
    await page.reload();
    const banner2 = await page.waitForSelector('[data-testid="entries-loading"] ~ * [data-testid="rank-row"]', { timeout: 60_000 }).catch(() => null);
    if (banner2) await page.screenshot({ path: join(RESULTS, 'cold-start-snapshot.png') });
    await page.waitForSelector('[data-testid="app-ready"]:not([data-loading]) [data-testid="rank-row"]', { timeout: 120_000 });
    const again = await loadingStates();
    expect(again.length).toBeGreaterThan(0);
    expect(again[0]!.from).toBe('snapshot');
    for (const state of again) expect({ rows: state.rows, tiers: state.tiers }).toEqual(edited);
    expect(await page.evaluate(rankingNow)).toEqual(edited);
  });

  it('draws the ranking while the code of the charts below it, and of the sync status, has not come', async () => {
    // after the test above: the larger assessment is open, its snapshot stored
    const { page } = s.browser;
    const expected = await page.evaluate(rankingNow);
    // the service worker would answer from its cache, unseen by the held route below: this start goes to the network
    await page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
    });
    let release = () => {};
    const held = new Promise<void>((ok) => (release = ok));
    const asked: string[] = [];
    await page.route(/\/assets\/(ChartsSection|charts|SyncState)-[\w-]+\.js$/, async (route) => {
      asked.push(new URL(route.request().url()).pathname.split('/').pop()!.replace(/-[\w-]+\.js$/, ''));
      await held;
      await route.continue();
    });
    try {
      await page.reload();
      await page.waitForSelector('[data-testid="rank-row"]', { timeout: 60_000 });
      // the rows, tiers and the place the charts will take, without their code
      expect(await page.evaluate(rankingNow)).toEqual(expected);
      expect(await page.locator('[data-testid="charts-pending"]').count()).toBe(1);
      expect(await page.locator('[data-testid="charts"]').count()).toBe(0);
      // the ranking was painted before the charts' code was asked for, and marks the first screen drawn
      await expect.poll(() => asked.includes('ChartsSection')).toBe(true);
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-first-screen'))).toBe(true);
      // every entry is read meanwhile, and the page answers: a sort works while the charts are held
      await page.waitForSelector('[data-testid="app-ready"]:not([data-loading]) [data-testid="rank-row"]', { timeout: 120_000 });
      await page.click('[data-testid="sort-total"] button');
      await page.waitForSelector('[data-testid="sort-total"][aria-sort="ascending"], [data-testid="sort-total"][aria-sort="descending"]');
      expect(await page.locator('[data-testid="charts"]').count()).toBe(0);
      await page.screenshot({ path: join(RESULTS, 'cold-start-charts-held.png') });
    } finally {
      release();
    }
    await page.waitForSelector('[data-testid="charts"] [data-testid="radar-unit"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="charts-pending"]').count()).toBe(0);
    await page.unroute(/\/assets\//);
  });
});
