/**
 * Importing a province-sized bundle: the file is read and checked in a worker, so the page answers
 * while it works; a bar names the stage, and 取消 stops it with nothing stored. The same file imported
 * again to the end adds its units and entries.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, RESULTS, dumpIndexedDb, navTo } from './harness';
import { appSession } from './session';

interface DemoUnit {
  id: string;
  name: string;
  group: string;
}
interface DemoPack {
  unitId: string;
  assessorId: string;
  entries: unknown[];
}
interface DemoBundle {
  units: DemoUnit[];
  entryPacks: DemoPack[];
}

/** extra cities, each scored like 兰州市 by all three assessors */
const EXTRA_UNITS = 500;

/** The demo bundle with EXTRA_UNITS more cities, as a province's coordinator might receive (several MB). */
function provinceBundle(): { text: string; entries: number } {
  const b = JSON.parse(readFileSync(join(DIST, 'demo', 'demo-bundle.json'), 'utf8')) as DemoBundle;
  const model = b.units.find((u) => u.id === 'city-lanzhou')!;
  const packs = b.entryPacks.filter((p) => p.unitId === model.id);
  let entries = 0;
  for (let i = 1; i <= EXTRA_UNITS; i++) {
    const id = `city-extra-${i}`;
    b.units.push({ ...model, id, name: `测试市${i}` });
    for (const p of packs) {
      b.entryPacks.push({ ...p, unitId: id });
      entries += p.entries.length;
    }
  }
  return { text: JSON.stringify(b, null, 2), entries };
}

const rankingText = async (page: import('playwright-core').Page) => {
  await navTo(page, 'rankings');
  await page.waitForSelector('[data-testid="rank-row"]');
  return page.locator('[data-testid="rank-row"]').allTextContents();
};

/** The import card alone (it sits below the fold of the export page). */
const section = (page: import('playwright-core').Page, name: string) =>
  page.locator('[data-testid="import"]').screenshot({ path: join(RESULTS, `${name}.png`) });

describe('importing a large bundle', () => {
  const s = appSession('ingest');

  it('shows the stage, cancels with nothing stored, then imports to the end while the page answers', async () => {
    const { page } = s.browser;
    const { text, entries } = provinceBundle();
    expect(text.length).toBeGreaterThan(4_000_000);
    const file = join(s.files, 'province.json');
    writeFileSync(file, text);

    const ranking = await rankingText(page);
    await navTo(page, 'export');
    const before = await dumpIndexedDb(page);

    // cancelled while it reads or checks: the bar goes, the page says so, nothing is stored
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForSelector('[data-testid="import-progress"] progress');
    const label = (await page.textContent('[data-testid="import-progress-label"]')) ?? '';
    expect(label).toMatch(/正在(读取文件|解析 JSON|校验内容)/);
    await page.click('[data-testid="import-cancel"]');
    await page.waitForSelector('[data-testid="import-cancelled"]');
    expect(await page.textContent('[data-testid="import-cancelled"]')).toContain('已取消导入“province.json”，数据未作任何修改');
    expect(await page.locator('[data-testid="import-progress"]').count()).toBe(0);
    expect(await dumpIndexedDb(page)).toEqual(before);
    expect(await rankingText(page)).toEqual(ranking);

    // again, to the end; while the worker reads and checks, the page answers a round trip
    await navTo(page, 'export');
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForSelector('[data-testid="import-progress"]');
    await section(page, 'ingest-progress');
    const answers: number[] = [];
    while ((await page.getAttribute('[data-testid="import-progress"]', 'data-stage', { timeout: 1000 }).catch(() => null)) !== 'store') {
      const t = Date.now();
      const stage = await page.evaluate(() => document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-stage') ?? null);
      if (stage === null || stage === 'store') break;
      answers.push(Date.now() - t);
    }
    expect(answers.length).toBeGreaterThan(0);
    expect(Math.max(...answers)).toBeLessThan(2000);

    await page.waitForSelector('[data-testid="import-done"]', { timeout: 120_000 });
    const done = (await page.textContent('[data-testid="import-done"]')) ?? '';
    expect(done).toContain('province.json');
    expect(done).toContain(String(entries));
    await section(page, 'ingest-done');
    const after = await dumpIndexedDb(page);
    const units = (d: typeof after) => Object.values(d).reduce((n, stores) => n + (stores.units?.length ?? 0), 0);
    expect(units(after)).toBe(units(before) + EXTRA_UNITS);
  }, 300_000);
});
