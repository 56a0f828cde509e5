/**
 * The ranking page from an office laptop to a wide projector: rank, unit, total and tier of every row
 * stay on the screen without scrolling sideways, and a very long unit or group name never widens a page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../../src/model/assessment';
import { navTo, RESULTS } from './harness';
import { appSession } from './session';

const WIDTHS = [1280, 1366, 1440, 1536, 1600, 1920, 2560];
const HEIGHT = 900;
const LONG_UNIT = '甘肃省'.concat('兰州新区管理委员会政务服务和数据管理局'.repeat(12)).slice(0, 200);
const LONG_GROUP = '省政府组成部门、直属特设机构、直属机构、部门管理机构及其他承担行政职能的事业单位'.repeat(2);

/** Cells of the four key columns that stick out of the viewport or out of the table's visible box. */
async function hiddenKeyCells(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="rank-table-wrap"] tbody tr[data-unit-id]', (trs) => {
    const out: string[] = [];
    const wrap = document.querySelector('[data-testid="rank-table-wrap"]')!.getBoundingClientRect();
    const right = Math.min(wrap.right, document.documentElement.clientWidth);
    const left = Math.max(wrap.left, 0);
    for (const tr of trs) {
      for (const col of ['col-rank', 'col-unit', 'col-total', 'col-tier']) {
        const cell = tr.querySelector(`td.${col}`);
        const r = cell?.getBoundingClientRect();
        if (!cell || !r || r.width === 0 || r.left < left - 0.5 || r.right > right + 0.5) {
          out.push(`${(tr as HTMLElement).dataset.unitId} ${col} ${r ? `${Math.round(r.left)}–${Math.round(r.right)}` : 'missing'}`);
          continue;
        }
        // nothing (a scrolled indicator cell) is painted over the cell
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (hit && !cell.contains(hit) && r.top >= 0 && r.bottom <= window.innerHeight) out.push(`${(tr as HTMLElement).dataset.unitId} ${col} covered`);
      }
    }
    return out;
  });
}

/** Chart texts drawn outside the card that holds their chart. */
const spilledChartText = (page: Page) =>
  page.$$eval('.card .chart svg text', (texts) =>
    texts
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const card = el.closest('.card')!.getBoundingClientRect();
        return r.width > 0 && (r.left < card.left - 0.5 || r.right > card.right + 0.5);
      })
      .map((el) => el.textContent),
  );

/**
 * Band labels of the histogram that collide: level labels whose boxes overlap, or slanted labels whose
 * parallel lines stand closer than the type's height.
 */
const collidingBands = (page: Page) =>
  page.$$eval('[data-testid="histogram-card"] .recharts-xAxis .recharts-cartesian-axis-tick text', (texts) => {
    const out: string[] = [];
    for (let i = 1; i < texts.length; i++) {
      const [a, b] = [texts[i - 1]!, texts[i]!];
      const angle = Number(/rotate\((-?[\d.]+)/.exec(b.getAttribute('transform') ?? '')?.[1] ?? 0);
      const size = parseFloat(getComputedStyle(b).fontSize);
      const [ra, rb] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
      const apart =
        angle === 0
          ? ra.right <= rb.left
          : (Number(b.getAttribute('x')) - Number(a.getAttribute('x'))) * Math.sin((Math.abs(angle) * Math.PI) / 180) >= size;
      if (!apart) out.push(`${a.textContent} / ${b.textContent}`);
    }
    return out;
  });

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

function longNames(): Bundle {
  const b = JSON.parse(readFileSync('public/demo/demo-bundle.json', 'utf8')) as Bundle;
  b.assessment = { ...b.assessment, id: 'long-names', name: '长名称测试考核' };
  b.assessment.groups = b.assessment.groups.map((g) => (g.key === 'department' ? { ...g, name: LONG_GROUP } : g));
  b.units = b.units.map((u) => (u.id === 'city-lanzhou' ? { ...u, name: LONG_UNIT } : u));
  return b;
}

describe('layout at office and projector widths', () => {
  const s = appSession('layout');

  for (const width of WIDTHS) {
    it(`shows rank, unit, total and tier of every row at ${width} px without sideways scrolling`, async () => {
      const { page } = s.browser;
      await page.setViewportSize({ width, height: HEIGHT });
      for (const group of ['city', 'department']) {
        await page.click(`[data-testid="group-tab-${group}"]`);
        await page.waitForSelector(`[data-testid="rank-table-${group}"] tbody tr[data-unit-id]`);
        await page.waitForSelector('[data-testid="chart-totals"] svg');
        await settle(page);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        // every row, scrolled into view in turn, so that the check sees what a reader sees
        const rows = await page.$$('[data-testid="rank-table-wrap"] tbody tr[data-unit-id]');
        expect(rows.length).toBeGreaterThan(10);
        expect(await hiddenKeyCells(page)).toEqual([]);
        await page.waitForSelector('[data-testid="chart-histogram"] svg');
        await settle(page);
        expect(await collidingBands(page)).toEqual([]);
        for (const row of [rows[0]!, rows[Math.floor(rows.length / 2)]!, rows[rows.length - 1]!]) {
          await row.scrollIntoViewIfNeeded();
          expect(await hiddenKeyCells(page)).toEqual([]);
        }
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      if (width === 1536 || width === 1280) {
        await page.click('[data-testid="group-tab-city"]');
        await settle(page);
        await page.screenshot({ path: join(RESULTS, `layout-rankings-${width}.png`) });
        await page.waitForSelector('[data-testid="chart-histogram"] svg');
        await page.locator('[data-testid="histogram-card"]').screenshot({ path: join(RESULTS, `layout-histogram-${width}.png`) });
      }
    });
  }

  it('keeps a 200-character unit name and a long group name from widening any page', async () => {
    const { page } = s.browser;
    const file = join(s.files, 'long.json');
    writeFileSync(file, JSON.stringify(longNames()));
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.setInputFiles('[data-testid="yoy-load-file"]', file);
    await page.waitForSelector('[data-testid="yoy-load-outcome"][data-kind="done"]', { timeout: 60_000 });
    await navTo(page, 'setup');
    await page.selectOption('[data-testid="assessment-picker"]', 'long-names');
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]')).toBe('长名称测试考核');

    for (const width of [1280, 1536, 1920]) {
      await page.setViewportSize({ width, height: HEIGHT });
      await navTo(page, 'rankings');
      for (const group of ['city', 'department']) {
        await page.click(`[data-testid="group-tab-${group}"]`);
        await page.waitForSelector('[data-testid="chart-totals"] svg');
        await page.waitForSelector('[data-testid="chart-histogram"] svg');
        await settle(page);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        expect(await hiddenKeyCells(page)).toEqual([]);
        expect(await spilledChartText(page)).toEqual([]);
      }
      await page.click('[data-testid="group-tab-city"]');
      const unitCell = page.locator('[data-unit-id="city-lanzhou"] td.col-unit [title]').first();
      expect(await unitCell.getAttribute('title')).toBe(LONG_UNIT);
      expect(await page.getAttribute('[data-testid="group-tab-department"] [title]', 'title')).toBe(LONG_GROUP);
      await page.selectOption('[data-testid="radar-unit"]', 'city-lanzhou');
      await settle(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(await spilledChartText(page)).toEqual([]);
      expect(await page.getAttribute('[data-testid="radar-unit"]', 'title')).toBe(LONG_UNIT);
      if (width === 1280) await page.screenshot({ path: join(RESULTS, 'layout-long-names-1280.png'), fullPage: true });
      for (const route of ['entry', 'export', 'setup'] as const) {
        await navTo(page, route);
        await settle(page);
        expect(await overflow(page), `${route} at ${width}`).toBeLessThanOrEqual(0);
      }
    }

    // presentation mode: every slide stays inside the screen
    await page.setViewportSize({ width: 1920, height: 1080 });
    await navTo(page, 'rankings');
    await page.click('[data-testid="present-open"]');
    await page.waitForSelector('[data-testid="present"]');
    const total = Number((await page.textContent('[data-testid="present-counter"]'))!.split('/')[1]);
    for (let i = 0; i < total; i++) {
      await expect.poll(() => page.getAttribute('[data-testid="present"]', 'data-slide')).toBe(String(i));
      await page.waitForSelector('[data-testid="present-body"] svg, [data-testid="present-circular"]');
      await settle(page);
      const spill = await page.evaluate(() => {
        const el = document.querySelector('[data-testid="present"]')!;
        const bad = [...el.querySelectorAll('h2, .present-subtitle, .present-heading, text')].filter((x) => {
          const r = x.getBoundingClientRect();
          return r.width > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5);
        });
        return bad.map((x) => `${x.textContent?.slice(0, 20)} ${Math.round(x.getBoundingClientRect().left)}–${Math.round(x.getBoundingClientRect().right)}/${window.innerWidth}`);
      });
      expect(spill, `slide ${i + 1}`).toEqual([]);
      expect(await page.getAttribute('[data-testid="present-title"]', 'title')).toBe(await page.textContent('[data-testid="present-title"]'));
      if (i === 0 || (await page.textContent('[data-testid="present-title"]'))!.includes('分布')) {
        await page.screenshot({ path: join(RESULTS, `layout-present-${i + 1}.png`) });
      }
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="present"]', { state: 'detached' });
    expect(s.browser.errors).toEqual([]);
  });
});
