/**
 * The leadership dashboard in Chromium against the `score` CLI: the ranking the page shows, the
 * what-if ranking against the CLI run on the exported draft rule file, year over year with a second
 * year's bundle, presentation mode, and a group large enough to be virtualised.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';
import { parseBundle, ruleSetHash, serializeBundle } from '../../src/formats/bundle';
import type { Bundle } from '../../src/model/assessment';
import { compileRuleSet, parseRuleSet, type RuleSet } from '../../src/engine';
import { download } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const DEMO = 'public/demo/demo-bundle.json';

interface CliUnit {
  rank: number;
  unitId: string;
  unitName: string;
  display: string;
  tier: string;
  tierName: string;
  indicators: Record<string, number | null>;
}
interface CliGroup {
  group: string;
  units: CliUnit[];
}
interface CliReport {
  groups: CliGroup[];
  circular: { overall: string[]; indicators: string[] };
  /** 初步结果，尚有 N 个单位未评完 while the demo is mid-entry */
  title: string;
  complete: boolean;
}

function score(file: string, ...args: string[]): CliReport {
  const out = runScore([file, '--format', 'json', ...args], (p) => readFileSync(p, 'utf8'));
  if (out.code !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as CliReport;
}

/** The demo as the app reads it (the file packs its entries per unit × assessor). */
function readDemo(): Bundle {
  const parsed = parseBundle(readFileSync(DEMO, 'utf8'), DEMO);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  return parsed.bundle;
}

interface Row {
  unitId: string;
  rank: number;
  tier: string;
  name: string;
  total: string;
  tierName: string;
}

/** The rows of a table as the page shows them, top to bottom. */
function rowsOf(page: Page, table: string): Promise<Row[]> {
  return page.$$eval(`${table} tbody tr[data-unit-id]`, (trs) =>
    trs.map((el) => {
      const tr = el as HTMLElement;
      const cells = [...tr.querySelectorAll('td')];
      return {
        unitId: tr.dataset.unitId ?? '',
        rank: Number(tr.dataset.rank),
        tier: tr.dataset.tier ?? '',
        // the unit cell may carry a 否决 mark after the name
        name: tr.querySelector('.col-unit')?.firstChild?.textContent ?? '',
        total: (tr.querySelector('.col-total') ?? cells[cells.length - 2])?.textContent ?? '',
        tierName: tr.querySelector('.tier-badge')?.textContent ?? '',
      };
    }),
  );
}

const cliRows = (g: CliGroup): Row[] =>
  g.units.map((u) => ({ unitId: u.unitId, rank: u.rank, tier: u.tier, name: u.unitName, total: u.display, tierName: u.tierName }));

/** Only what a ranking decides: order, ranks and tiers. */
const placing = (rows: Row[]) => rows.map((r) => [r.unitId, r.rank, r.tier, r.tierName]);

/**
 * A 2023 edition of the demo: the same units, scores scaled by 0.80–0.96 per unit (down to the leaf's
 * step), and 兰州市 under another id so that it can only be matched by name.
 */
function previousYear(demo: Bundle): Bundle {
  const b = structuredClone(demo);
  b.assessment = { ...b.assessment, id: 'demo-2023', name: '示例省2023年度政务公开工作考核（演示数据）', year: 2023 };
  // last year's appeals were settled long ago and are not part of its file
  delete b.appeals;
  const compiled = new Map(b.ruleSets.map((rs) => [rs.group.key, compileRuleSet(rs)]));
  const factor = new Map(b.units.map((u, i) => [u.id, 0.8 + 0.04 * (i % 5)]));
  const groupOf = new Map(b.units.map((u) => [u.id, u.group]));
  b.entries = b.entries.map((e) => {
    if (e.value === undefined) return e;
    const c = compiled.get(groupOf.get(e.unitId)!)!;
    const leaf = c.byKey.get(e.node)!;
    const f = factor.get(e.unitId)!;
    const step = leaf.type === 'ratio' ? 0.1 : leaf.type === 'points' || leaf.type === 'bonus' ? (leaf.step ?? c.ruleSet.precision.step) : 1;
    const value = Number((Math.floor((e.value * f) / step + 1e-9) * step).toFixed(6));
    return { ...e, value };
  });
  const renamed = 'lanzhou-2023';
  b.units = b.units.map((u) => (u.id === 'city-lanzhou' ? { ...u, id: renamed } : u));
  b.entries = b.entries.map((e) => (e.unitId === 'city-lanzhou' ? { ...e, unitId: renamed, id: e.id.replace('city-lanzhou', renamed) } : e));
  return b;
}

/** The demo's city group with `n` units, each scored like one of the 15 demo cities. */
function largeGroup(demo: Bundle, n: number): Bundle {
  const b = structuredClone(demo);
  const cities = b.units.filter((u) => u.group === 'city');
  const cityRules = b.assessment.groups.find((g) => g.key === 'city')!;
  b.assessment = { ...b.assessment, id: 'large-2024', name: '大批量单位测试考核', groups: [cityRules] };
  delete b.appeals;
  b.ruleSets = b.ruleSets.filter((rs) => rs.id === cityRules.ruleSetId);
  b.units = Array.from({ length: n }, (_, i) => ({ id: `u${i}`, name: `测试单位${String(i + 1).padStart(4, '0')}`, group: 'city', objects: [] }));
  b.entries = b.units.flatMap((u, i) => {
    const model = cities[i % cities.length]!.id;
    return demo.entries.filter((e) => e.unitId === model).map((e) => ({ ...e, unitId: u.id, id: `${u.id}:${e.id}` }));
  });
  return b;
}

/** The demo with one group's rule set replaced, pinned by the new content hash. */
function withRuleSet(demo: Bundle, ruleSet: RuleSet): Bundle {
  const b = structuredClone(demo);
  b.ruleSets = b.ruleSets.map((rs) => (rs.id === ruleSet.id ? ruleSet : rs));
  b.assessment.groups = b.assessment.groups.map((g) => (g.ruleSetId === ruleSet.id ? { ...g, ruleSetHash: ruleSetHash(ruleSet) } : g));
  return b;
}

async function showGroup(page: Page, group: string): Promise<void> {
  await page.click(`[data-testid="group-tab-${group}"]`);
  await page.waitForSelector(`[data-testid="rank-table-${group}"]`);
}

describe('leadership dashboard', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;
  let files: string;
  const cli = score(DEMO);

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('dashboard');
    files = mkdtempSync(join(tmpdir(), 'zwgk-dashboard-'));
    browser = await launch(profile);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await openApp(browser.page, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('ranks every group of the demo exactly as the score CLI does: order, ranks, totals and tiers', async () => {
    const { page } = browser;
    expect(cli.groups.map((g) => g.group)).toEqual(['city', 'department']);
    for (const g of cli.groups) {
      await showGroup(page, g.group);
      await expect.poll(async () => (await rowsOf(page, `[data-testid="rank-table-${g.group}"]`)).length).toBe(g.units.length);
      expect(await rowsOf(page, `[data-testid="rank-table-${g.group}"]`)).toEqual(cliRows(g));
    }
    await showGroup(page, 'city');
    await page.waitForSelector('[data-testid="chart-totals"] svg');
    await screenshots(page, 'dashboard-rankings');
  });

  it('sorts by any column without changing the ranks shown', async () => {
    const { page } = browser;
    const table = '[data-testid="rank-table-city"]';
    const city = cli.groups.find((g) => g.group === 'city')!;
    const before = await rowsOf(page, table);

    await page.click('[data-testid="sort-keyArea"] button');
    const byKeyArea = await rowsOf(page, table);
    // highest 重点领域 score first; equal scores keep the ranking order
    const expected = city.units
      .map((u, i) => ({ u, i }))
      .sort((a, b) => (b.u.indicators.keyArea ?? -1) - (a.u.indicators.keyArea ?? -1) || a.i - b.i)
      .map(({ u }) => u.unitId);
    expect(byKeyArea.map((r) => r.unitId)).toEqual(expected);
    expect(byKeyArea.map((r) => r.unitId)).not.toEqual(before.map((r) => r.unitId));
    // each unit keeps its own rank and tier
    const key = (rows: Row[]) => rows.map((r) => `${r.unitId}:${r.rank}:${r.tier}`).sort();
    expect(key(byKeyArea)).toEqual(key(before));
    expect(await page.getAttribute('[data-testid="sort-keyArea"]', 'aria-sort')).toBe('descending');

    await page.click('[data-testid="sort-unit"] button');
    expect(key(await rowsOf(page, table))).toEqual(key(before));
    await page.click('[data-testid="sort-rank"] button');
    expect(await rowsOf(page, table)).toEqual(before);
  });

  it('draws the indicator charts from the engine statistics beside the circular, which copies to the clipboard', async () => {
    const { page } = browser;
    await page.waitForSelector('[data-testid="chart-indicator-full"] svg');
    await page.waitForSelector('[data-testid="chart-indicator-loss"] svg');
    // the totals chart carries the tiers' score lines
    const totals = await page.textContent('[data-testid="chart-totals"]');
    expect(totals).toContain('优秀线 90分');
    expect(totals).toContain('合格线 60分');
    // full-score counts on the bars are the circular's: 基础信息公开, 市（州）政府 1 个, 部门 6 个
    const full = await page.textContent('[data-testid="chart-indicator-full"]');
    expect(full).toContain('1个（7%）');
    expect(full).toContain('6个（19%）');

    // the demo is mid-entry: the key points open with the same 初步结果 line as the command line's title
    expect(cli.complete).toBe(false);
    const text = [cli.title, ...cli.circular.overall, ...cli.circular.indicators];
    const shown = await page.$$eval('[data-testid="circular-text"] p', (ps) => ps.map((p) => p.textContent));
    expect(shown).toEqual(text);
    await page.click('[data-testid="circular-copy"]');
    await page.waitForSelector('[data-testid="circular-copy-state"][data-state="copied"]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text.join('\n'));
    // where the clipboard is refused, the text is selected for Ctrl+C instead
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.click('[data-testid="circular-copy"]');
    await page.waitForSelector('[data-testid="circular-copy-state"][data-state="selected"]');
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    for (const sentence of text) expect(selected).toContain(sentence);

    await page.locator('[data-testid="indicator-charts"]').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('[data-testid="indicator-charts"]')?.scrollIntoView({ block: 'start' }));
    await screenshots(page, 'dashboard-indicators');
    await page.waitForSelector('[data-testid="chart-radar"] svg');
    await page.evaluate(() => document.querySelector('[data-testid="tier-chart"]')?.scrollIntoView({ block: 'start' }));
    await screenshots(page, 'dashboard-charts');
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('compares years with a second year opened from its bundle, matching units by id or else by name', async () => {
    const { page } = browser;
    await page.waitForSelector('[data-testid="yoy-empty"]');
    const demo = readDemo();
    const file = join(files, 'demo-2023.json');
    writeFileSync(file, serializeBundle(previousYear(demo)));
    const lastYear = score(file).groups.find((g) => g.group === 'city')!;
    const now = cli.groups.find((g) => g.group === 'city')!;

    // the other charts show this year only: opening another year leaves them as they are, not redrawn
    const cards = ['indicator-charts', 'tier-chart', 'histogram-card', 'radar-card', 'totals-card'];
    await page.evaluate((ids) => {
      const w = window as unknown as { cardChanges: Record<string, number> };
      w.cardChanges = {};
      for (const id of ids) {
        const card = document.querySelector(`[data-testid="${id}"]`);
        if (!card?.querySelector('svg')) throw new Error(`${id}: no chart drawn`);
        w.cardChanges[id] = 0;
        new MutationObserver((m) => (w.cardChanges[id]! += m.length)).observe(card, { subtree: true, childList: true, attributes: true, characterData: true });
      }
    }, cards);

    await page.setInputFiles('[data-testid="yoy-load-file"]', file);
    await page.waitForSelector('[data-testid="yoy-load-outcome"][data-kind="done"]');
    await expect.poll(() => page.locator('[data-testid="yoy-row"]').count()).toBe(15);
    // the open assessment is still the demo
    expect(await page.textContent('[data-testid="assessment-name"]')).toBe(demo.assessment.name);

    const rows = await page.$$eval('[data-testid="yoy-row"]', (trs) =>
      trs.map((tr) => ({
        unitId: (tr as HTMLElement).dataset.unitId,
        ranks: [...tr.querySelectorAll('[data-testid="yoy-point"]')].map((td) => Number((td as HTMLElement).dataset.rank)),
        move: tr.querySelector('[data-testid="yoy-move"]')?.textContent,
      })),
    );
    const expected = now.units.map((u) => {
      const before = lastYear.units.find((x) => x.unitName === u.unitName)!;
      const d = before.rank - u.rank;
      return { unitId: u.unitId, ranks: [before.rank, u.rank], move: d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : '持平' };
    });
    expect(rows).toEqual(expected);
    // 兰州市 has another id in 2023: found by its name
    expect(lastYear.units.some((u) => u.unitId === 'lanzhou-2023')).toBe(true);
    expect(rows.find((r) => r.unitId === 'city-lanzhou')?.ranks).toHaveLength(2);
    await page.waitForSelector('[data-testid="chart-yoy"] svg');
    expect(await page.evaluate(() => (window as unknown as { cardChanges: Record<string, number> }).cardChanges)).toEqual(Object.fromEntries(cards.map((id) => [id, 0])));
  });

  it('what-if: a heavier 重点领域 reorders the draft exactly as the CLI does with the exported rule file; saved results stay', async () => {
    const { page } = browser;
    const table = '[data-testid="rank-table-city"]';
    const before = await rowsOf(page, table);

    await page.click('[data-testid="whatif-toggle"]');
    await page.waitForSelector('[data-testid="whatif-panel"]');
    expect(placing(await rowsOf(page, '[data-testid="whatif-draft"]'))).toEqual(placing(before));
    await page.fill('[data-testid="whatif-weight-keyArea"]', '1.5');
    await page.waitForSelector('[data-testid="whatif-changes"]');
    await expect.poll(async () => placing(await rowsOf(page, '[data-testid="whatif-draft"]'))).not.toEqual(placing(before));
    const draftRows = await rowsOf(page, '[data-testid="whatif-draft"]');
    // the saved ranking beside it has not moved
    expect(placing(await rowsOf(page, '[data-testid="whatif-saved"]'))).toEqual(placing(before));

    const ruleFile = join(files, 'draft-rules.json');
    const name = await download(page, '[data-testid="whatif-export"]', ruleFile);
    expect(name).toMatch(/^province-city-2022-模拟规则-\d{8}-\d{4}\.json$/);
    const parsed = parseRuleSet(JSON.parse(readFileSync(ruleFile, 'utf8')));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const keyArea = parsed.ruleSet.root.children.find((c) => c.key === 'keyArea');
    expect(keyArea?.weight).toBe(1.5);

    const bundleFile = join(files, 'demo-with-draft.json');
    writeFileSync(bundleFile, serializeBundle(withRuleSet(readDemo(), parsed.ruleSet)));
    const draftCli = score(bundleFile, '--group', 'city').groups[0]!;
    expect(draftRows.map((r) => [r.unitId, r.rank, r.tier, r.tierName, r.total])).toEqual(
      draftCli.units.map((u) => [u.unitId, u.rank, u.tier, u.tierName, u.display]),
    );

    // arrows: places gained against the saved ranking; tier changes marked
    const moves = await page.$$eval('[data-testid="whatif-draft-row"]', (trs) =>
      trs.map((tr) => [(tr as HTMLElement).dataset.unitId, tr.querySelector('[data-testid="whatif-move"]')?.textContent ?? '']),
    );
    const savedRank = new Map(before.map((r) => [r.unitId, r.rank]));
    expect(moves).toEqual(
      draftCli.units.map((u) => {
        const d = savedRank.get(u.unitId)! - u.rank;
        return [u.unitId, d > 0 ? `↑${d}` : d < 0 ? `↓${-d}` : ''];
      }),
    );
    expect(moves.some(([, m]) => m !== '')).toBe(true);
    const savedTier = new Map(before.map((r) => [r.unitId, r.tier]));
    const tierChanged = draftCli.units.filter((u) => savedTier.get(u.unitId) !== u.tier).map((u) => u.unitId);
    expect(tierChanged.length).toBeGreaterThan(0);
    expect(await page.$$eval('tr.tier-moved', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.unitId))).toEqual(tierChanged);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshots(page, 'dashboard-whatif');

    // a draft the rule-file door refuses is reported with its place, and not scored
    await page.fill('[data-testid="whatif-line-qualified"]', '95');
    await page.waitForSelector('[data-testid="whatif-errors"]');
    expect(await page.textContent('[data-testid="whatif-errors"]')).toContain('tiers[1].atLeast');
    await page.waitForSelector('[data-testid="whatif-invalid"]');
    expect(await page.isDisabled('[data-testid="whatif-export"]')).toBe(true);

    await page.click('[data-testid="whatif-toggle"]');
    await page.waitForSelector(table);
    expect(await rowsOf(page, table)).toEqual(before);
    // nothing was stored: a reload shows the same ranking
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]');
    await showGroup(page, 'city');
    await expect.poll(async () => (await rowsOf(page, table)).length).toBe(15);
    expect(await rowsOf(page, table)).toEqual(before);
    expect(await rowsOf(page, table)).toEqual(cliRows(cli.groups[0]!));
  });

  it('presents one chart per screen, steps with the arrow keys, PageUp/PageDown and space, and leaves with Esc', async () => {
    const { page } = browser;
    await page.click('[data-testid="present-open"]');
    await page.waitForSelector('[data-testid="present"]');
    const counter = () => page.textContent('[data-testid="present-counter"]');
    const total = Number((await counter())!.split('/')[1]);
    // city ranking, department ranking in two parts, tiers, two indicator slides, two spreads, year over year, circular
    expect(total).toBe(10);
    expect(await counter()).toBe(`1 / ${total}`);
    await page.waitForSelector('[data-testid="present-body"] [data-testid="chart-totals"] svg');
    expect(await page.textContent('[data-testid="present-title"]')).toBe('市（州）政府及兰州新区管委会考核得分排名');
    await screenshots(page, 'dashboard-present-ranking');
    // full screen where the browser grants it, else a full-window overlay: either way the whole screen
    const box = await page.locator('[data-testid="present"]').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });

    await page.keyboard.press('ArrowRight');
    await expect.poll(counter).toBe(`2 / ${total}`);
    expect(await page.textContent('[data-testid="present"]')).toContain('第 1–16 名');
    await page.keyboard.press('PageDown');
    await expect.poll(counter).toBe(`3 / ${total}`);
    await page.keyboard.press('Space');
    await expect.poll(counter).toBe(`4 / ${total}`);
    await page.keyboard.press('PageUp');
    await expect.poll(counter).toBe(`3 / ${total}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(counter).toBe(`2 / ${total}`);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(counter).toBe(`5 / ${total}`);
    expect(await page.textContent('[data-testid="present-title"]')).toBe('各一级指标满分率');
    await page.waitForSelector('[data-testid="present-body"] [data-testid="chart-indicator-full"] svg');
    await screenshots(page, 'dashboard-present-indicator');
    await page.keyboard.press('End');
    await expect.poll(counter).toBe(`${total} / ${total}`);
    expect(await page.textContent('[data-testid="present-circular"]')).toContain(cli.circular.overall[0]!);

    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="present"]', { state: 'detached' });
    expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();

    // where full screen is refused (a policy, an embedded view) the slides cover the window instead
    await page.evaluate(() => {
      Element.prototype.requestFullscreen = () => Promise.reject(new TypeError('not allowed'));
    });
    await page.click('[data-testid="present-open"]');
    await page.waitForSelector('[data-testid="present"][data-fullscreen="false"]');
    expect(await page.locator('[data-testid="present"]').boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    await page.keyboard.press('Space');
    await expect.poll(counter).toBe(`2 / ${total}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="present"]', { state: 'detached' });
  });

  it('keeps a group of 600 units smooth: rows are virtualised and the chart shows the top 30 and a summary', async () => {
    const { page } = browser;
    const n = 600;
    const file = join(files, 'large.json');
    writeFileSync(file, serializeBundle(largeGroup(readDemo(), n)));
    const big = score(file).groups[0]!;

    await page.setInputFiles('[data-testid="yoy-load-file"]', file);
    await page.waitForSelector('[data-testid="yoy-load-outcome"][data-kind="done"]', { timeout: 60_000 });
    await navTo(page, 'setup');
    await page.selectOption('[data-testid="assessment-picker"]', 'large-2024');
    await expect.poll(() => page.textContent('[data-testid="assessment-name"]'), { timeout: 60_000 }).toBe('大批量单位测试考核');
    await navTo(page, 'rankings');
    const table = '[data-testid="rank-table-city"]';
    await page.waitForSelector(`${table}[data-rows="${n}"]`, { timeout: 60_000 });
    await expect.poll(async () => (await rowsOf(page, table)).length).toBeGreaterThan(0);
    const rendered = (await rowsOf(page, table)).length;
    expect(rendered).toBeLessThan(80);
    expect(await rowsOf(page, table)).toEqual(cliRows(big).slice(0, rendered));

    await page.$eval('[data-testid="rank-table-wrap"]', (el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await rowsOf(page, table)).at(-1)?.unitId).toBe(big.units.at(-1)!.unitId);
    const tail = await rowsOf(page, table);
    expect(tail.length).toBeLessThan(80);
    expect(tail).toEqual(cliRows(big).slice(n - tail.length));

    const rest = big.units.slice(30).map((u) => Number(u.display));
    const mean = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(
      rest.reduce((s, v) => s + v, 0) / rest.length,
    );
    await page.waitForSelector('[data-testid="chart-rest"]');
    expect(await page.textContent('[data-testid="chart-rest"]')).toBe(`其余 ${n - 30} 个单位：平均 ${mean} 分`);
    await page.$eval('[data-testid="rank-table-wrap"]', (el) => (el.scrollTop = 0));
    await screenshots(page, 'dashboard-large');
    expect(browser.errors).toEqual([]);
  });
});
