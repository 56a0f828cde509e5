import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreGroup, type Assessor, type RuleSet, type ScoreEntry, type Unit } from '../../src/engine';
import { activeCell, chooseAssessor, committed, gridCell, pasteInGrid, savesSoFar, typeInGrid } from './appDriver';
import { dumpIndexedDb, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const DEMO = 'demo-2024';
type Row = Record<string, unknown> & { assessmentId: string };
type AuditRow = { seq: number; assessmentId: string; action: string; who: string; unitId?: string; node?: string; before: ScoreEntry | null; after: ScoreEntry | null; why?: string };

async function stored(page: import('playwright-core').Page) {
  const db = (await dumpIndexedDb(page))['zwgk-kaohe']!;
  const of = <T>(table: string) => (db[table] as Row[]).filter((r) => r.assessmentId === DEMO) as unknown as (T & { assessmentId: string })[];
  const entries = of<ScoreEntry>('entries');
  return {
    db,
    entries,
    audit: of<AuditRow>('audit'),
    /** 张敏's (a1) entry of a unit-level cell */
    mine: (unitId: string, node: string) => entries.find((e) => e.unitId === unitId && e.node === node && e.assessorId === 'a1' && e.objectId === undefined),
  };
}

const content = (e: ScoreEntry | null | undefined) => (e ? { value: e.value, checks: e.checks, findings: e.findings, triggered: e.triggered } : null);

describe('score grid', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;
  /** the city group's rows as the grid lists them */
  let units: { id: string; name: string }[];

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('grid');
    browser = await launch(profile);
    const { page } = browser;
    await openApp(page, server.url);
    await chooseAssessor(page, '张敏');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
    units = await page.$$eval('[data-testid="grid-row"]', (rows) =>
      rows
        .map((r) => ({ id: r.getAttribute('data-unit-id')!, name: r.getAttribute('data-unit-name')!, top: parseFloat((r as HTMLElement).style.top) }))
        .sort((a, b) => a.top - b.top)
        .map(({ id, name }) => ({ id, name })),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  it('lists the group’s units in pinyin order with live totals', async () => {
    expect(units).toHaveLength(15);
    expect(units.slice(0, 3).map((u) => u.name)).toEqual(['白银市', '定西市', '甘南藏族自治州']);
    await screenshots(browser.page, 'grid-city');
  });

  it('takes 20 scores from the keyboard, a pasted 5×4 block, two undos and a redo — and stores and logs exactly that', async () => {
    const { page } = browser;
    const start = await stored(page);
    const seq0 = Math.max(...start.audit.map((r) => r.seq));

    // 15 scores down 政务舆情回应 (points 0–4, step 0.5), Enter after each; one typed with full-width digits
    const response = [2, 1.5, 2.5, 1, 0.5, 2, 1.5, 1, 0.5, 2, 1, 1.5, 0, 2, 1];
    await page.click(gridCell(units[0]!.name, 'leaf:basic.response'));
    expect(await activeCell(page)).toBe(`${units[0]!.name} / 政务舆情回应`);
    for (let i = 0; i < 15; i++) {
      expect(start.mine(units[i]!.id, 'basic.response')?.value).not.toBe(response[i]); // each edit changes the cell
      await typeInGrid(page, i === 4 ? '０．５' : String(response[i]));
    }
    // to the top, eight columns right: 政务公开专区建设, which 张敏 has not scored yet
    await page.keyboard.press('Control+ArrowUp');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    expect(await activeCell(page)).toBe(`${units[0]!.name} / 政务公开专区建设`);
    const zone = [4.5, 3, 5, 2, 3.5];
    for (let i = 0; i < 5; i++) await typeInGrid(page, String(zone[i]));
    expect(await activeCell(page)).toBe(`${units[5]!.name} / 政务公开专区建设`);

    // a 5×4 block as Excel copies it: 安全防护 (3 checks) and the three 创新工作加分 items
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await activeCell(page)).toBe(`${units[5]!.name} / 安全防护`);
    const block = [
      ['010', '0.5', '2', '1.5'],
      ['011', '3', '2', '0.5'],
      ['100', '0.5', '2', '1.5'],
      ['001', '3', '2', '0.5'],
      ['110', '0.5', '2', '1.5'],
    ];
    const pasteNodes = ['website.security', 'innovation.national', 'innovation.provincial', 'innovation.pilot'];
    await committed(page, () => pasteInGrid(page, block.map((r) => r.join('\t')).join('\r\n') + '\r\n'));
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('已粘贴 20 格');
    const afterPaste = await stored(page);
    const checks = (s: string) => ({ protection: s[0] === '1', ipv6: s[1] === '1', https: s[2] === '1' });
    for (let r = 0; r < 5; r++) {
      const u = units[5 + r]!.id;
      expect(afterPaste.mine(u, 'website.security')?.checks).toEqual(checks(block[r]![0]!));
      for (let c = 1; c < 4; c++) expect(afterPaste.mine(u, pasteNodes[c]!)?.value).toBe(Number(block[r]![c]));
    }
    await screenshots(page, 'grid-after-paste');

    // undo the paste, undo the 20th score, redo the 20th score
    await committed(page, () => page.keyboard.press('Control+z'));
    await committed(page, () => page.keyboard.press('Control+z'));
    await committed(page, () => page.keyboard.press('Control+y'));

    const end = await stored(page);
    for (let i = 0; i < 15; i++) expect(end.mine(units[i]!.id, 'basic.response')?.value).toBe(response[i]);
    for (let i = 0; i < 5; i++) expect(end.mine(units[i]!.id, 'grassroots.zone')?.value).toBe(zone[i]);
    for (let r = 0; r < 5; r++)
      for (const node of pasteNodes) expect(content(end.mine(units[5 + r]!.id, node))).toEqual(content(start.mine(units[5 + r]!.id, node)));

    // the audit log: 20 typed, 20 pasted, 20 undone paste cells, 1 undone score, 1 redone score
    const log = end.audit.filter((r) => r.seq > seq0).sort((a, b) => a.seq - b.seq);
    expect(log).toHaveLength(62);
    expect(new Set(log.map((r) => r.who))).toEqual(new Set(['张敏']));
    const typed = log.slice(0, 20);
    expect(typed.map((r) => [r.action, r.unitId, r.node, r.after?.value, r.why])).toEqual([
      ...response.map((v, i) => ['entry.save', units[i]!.id, 'basic.response', v, undefined]),
      ...zone.map((v, i) => ['entry.save', units[i]!.id, 'grassroots.zone', v, undefined]),
    ]);
    expect(typed.slice(0, 15).map((r) => r.before?.value)).toEqual(units.slice(0, 15).map((u) => start.mine(u.id, 'basic.response')?.value));
    expect(typed.slice(15).every((r) => r.before === null)).toBe(true);
    const pasted = log.slice(20, 40);
    expect(pasted.every((r) => r.action === 'entry.save' && r.why === '粘贴')).toBe(true);
    expect(pasted.map((r) => `${r.unitId}|${r.node}`).sort()).toEqual(
      units.slice(5, 10).flatMap((u) => pasteNodes.map((n) => `${u.id}|${n}`)).sort(),
    );
    const undone = log.slice(40, 60);
    expect(undone.every((r) => r.action === 'entry.save' && r.why === '撤销')).toBe(true);
    for (const r of undone) expect(content(r.after)).toEqual(content(start.mine(r.unitId!, r.node!)));
    const [undoScore, redoScore] = log.slice(60);
    expect([undoScore!.action, undoScore!.unitId, undoScore!.node, undoScore!.before?.value, undoScore!.after, undoScore!.why]).toEqual([
      'entry.delete', units[4]!.id, 'grassroots.zone', 3.5, null, '撤销',
    ]);
    expect([redoScore!.action, redoScore!.unitId, redoScore!.node, redoScore!.before, redoScore!.after?.value, redoScore!.why]).toEqual([
      'entry.save', units[4]!.id, 'grassroots.zone', null, 3.5, '重做',
    ]);

    // every row's total and rank on screen are the engine's over what is stored now
    const ruleSet = (end.db.ruleSets as { hash: string; ruleSet: RuleSet }[]).find((r) => r.ruleSet.id === 'province-city-2022')!.ruleSet;
    const rowsOf = <T,>(table: string) =>
      (end.db[table] as Row[]).filter((r) => r.assessmentId === DEMO).map(({ assessmentId: _a, ...rest }) => rest as unknown as T);
    const expected = scoreGroup(ruleSet, rowsOf<Unit>('units'), rowsOf<ScoreEntry>('entries'), rowsOf<Assessor>('assessors'));
    for (const u of expected.units) {
      const row = `[data-testid="grid-row"][data-unit-id="${u.unitId}"]`;
      await expect.poll(() => page.textContent(`${row} [data-testid="row-total"]`)).toBe(u.display);
      expect(await page.textContent(`${row} [data-testid="row-rank"]`)).toBe(String(u.rank));
    }
  });

  it('lists the invalid cell of a paste by its place and, when told to write nothing, changes nothing', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+Home'); // back to the first columns (the grid renders what is in view)
    await page.click(gridCell(units[0]!.name, 'leaf:basic.policy.interpretation'));
    const before = await dumpIndexedDb(page);
    const saves = await savesSoFar(page);
    await pasteInGrid(page, '95\t1011\r\n120\t1111\r\n');
    await page.waitForSelector('[data-testid="paste-review"]');
    await screenshots(page, 'grid-paste-review');
    // 定西市's 指南和目录 is already 4/4 for this assessor: "1111" there changes nothing and is not counted
    expect(await page.textContent('[data-testid="paste-review"] h3')).toBe('粘贴：2 格可以写入，1 格有问题');
    expect(await page.textContent('[data-testid="paste-bad-cell"]')).toMatch(new RegExp(`^第 2 行第 \\d+ 列（${units[1]!.name} / 政策解读）：120 超出范围`));
    await page.click('[data-testid="paste-cancel"]');
    await page.waitForSelector('[data-testid="paste-review"]', { state: 'detached' });
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('未作任何修改');
    expect(await savesSoFar(page)).toBe(saves);
    expect(await dumpIndexedDb(page)).toEqual(before);
  });

  it('refuses an invalid typed value at the cell as it is typed, and Esc leaves the cell as it was', async () => {
    const { page } = browser;
    await page.click(gridCell(units[0]!.name, 'leaf:basic.response'));
    const before = await dumpIndexedDb(page);
    await page.keyboard.type('4.3');
    await page.waitForSelector('[data-testid="grid-edit-error"]');
    expect(await page.textContent('[data-testid="grid-edit-error"]')).toContain('4.3 超出满分 4');
    await page.keyboard.press('Enter'); // refused: the editor stays open
    expect(await page.isVisible('[data-testid="grid-edit-error"]')).toBe(true);
    expect(await activeCell(page)).toBe(`${units[0]!.name} / 政务舆情回应`);
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="grid-edit-error"]').count()).toBe(0);
    expect(await dumpIndexedDb(page)).toEqual(before);
  });

  it('records a deduction typed as a score as one finding 理由待补充, whose reason is then written in the findings editor', async () => {
    const { page } = browser;
    const unit = units[2]!; // 甘南藏族自治州: 重大建设项目信息公开 full (5), no finding
    expect((await stored(page)).mine(unit.id, 'keyArea.projects')?.findings).toEqual([]);
    await page.click(gridCell(unit.name, 'leaf:keyArea.projects'));
    await typeInGrid(page, '4');
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('理由待补充');
    expect((await stored(page)).mine(unit.id, 'keyArea.projects')?.findings).toMatchObject([{ count: 1, points: 1, reason: '理由待补充' }]);
    await page.click(gridCell(unit.name, 'leaf:keyArea.projects'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="findings-panel"] [data-testid="pending-reason-input"]');
    // no reason: refused at the field
    await page.click('[data-testid="pending-reason-save"]');
    expect(await page.textContent('[data-testid="pending-reason"] [role="alert"]')).toBe('请填写理由。');
    await page.fill('[data-testid="pending-reason-input"]', '重大建设项目批准结果未公开（抽查发现）');
    await committed(page, () => page.keyboard.press('Enter'));
    await page.waitForSelector('[data-testid="pending-reason-input"]', { state: 'detached' });
    await screenshots(page, 'grid-findings');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="findings-panel"]', { state: 'detached' });
    expect(await page.textContent(gridCell(unit.name, 'leaf:keyArea.projects'))).toMatch(/^4\s*1处/);
    const s = await stored(page);
    expect(s.mine(unit.id, 'keyArea.projects')?.findings).toMatchObject([{ count: 1, points: 1, reason: '重大建设项目批准结果未公开（抽查发现）' }]);
  });

  it('enters a checklist item by item and a veto as 是/否 from the keyboard', async () => {
    const { page } = browser;
    const unit = units[1]!;
    await page.click(gridCell(unit.name, 'leaf:basic.guide'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="checklist-popover"]');
    await committed(page, async () => {
      await page.keyboard.type('1011');
      await page.keyboard.press('Enter');
    });
    expect(await page.textContent(gridCell(unit.name, 'leaf:basic.guide'))).toBe('3/4');
    expect((await stored(page)).mine(unit.id, 'basic.guide')?.checks).toEqual({ guide: true, catalog: false, column: true, channel: true });

    await page.keyboard.press('End');
    expect(await activeCell(page)).toBe(`${unit.name} / 发布严重错误信息被通报`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="veto-popover"]');
    await committed(page, () => page.keyboard.press('1'));
    await expect.poll(() => page.textContent(`[data-testid="grid-row"][data-unit-id="${unit.id}"] .grid-unit`)).toContain('否决');
    expect((await stored(page)).mine(unit.id, 'seriousError')?.triggered).toBe(true);
    await committed(page, () => page.keyboard.press('Control+z'));
  });

  it('finds units by pinyin initials and narrows rows and columns', async () => {
    const { page } = browser;
    await page.fill('[data-testid="grid-search"]', 'lz');
    await expect.poll(() => page.$$eval('[data-testid="grid-row"]', (rows) => rows.map((r) => r.getAttribute('data-unit-name')).sort())).toEqual(['兰州市', '兰州新区']);
    await page.fill('[data-testid="grid-search"]', '');
    await page.check('[data-testid="grid-filter-vetoed"]');
    await expect.poll(() => page.$$eval('[data-testid="grid-row"]', (rows) => rows.map((r) => r.getAttribute('data-unit-name')))).toEqual(['甘南藏族自治州']);
    await page.uncheck('[data-testid="grid-filter-vetoed"]');
    // 张敏 owns 基础信息公开, 重点领域信息公开 and 创新工作加分
    await page.check('[data-testid="grid-filter-myColumns"]');
    const spans = await page.$$eval('.grid-span .span-name', (els) => els.map((e) => e.textContent));
    expect(spans).toEqual(['基础信息公开', '重点领域信息公开', '创新工作加分']);
    await page.uncheck('[data-testid="grid-filter-myColumns"]');
  });

  it('collapses an indicator to its read-only subtotal', async () => {
    const { page } = browser;
    await page.click('[data-testid="toggle-basic"]');
    await page.waitForSelector(gridCell(units[0]!.name, 'sub:basic'));
    await page.click(gridCell(units[0]!.name, 'sub:basic'));
    await page.keyboard.type('5');
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('这是指标小计');
    await screenshots(page, 'grid-collapsed');
    await page.click('[data-testid="toggle-basic"]');
    await page.waitForSelector(gridCell(units[0]!.name, 'leaf:basic.response'));
  });

  it('keeps every cell under its column head, scrolled sideways too, with a save’s mark in its own cell', async () => {
    const { page } = browser;
    /** cells whose left edge or width differ from their column head's */
    const misplaced = () =>
      page.$$eval('[data-testid="grid-row"] [data-testid="grid-cell"]', (cells) =>
        cells.flatMap((cell) => {
          const col = cell.getAttribute('data-col')!;
          const head = document.querySelector(`.grid-colhead[data-col="${col}"]`);
          const [c, h] = [cell.getBoundingClientRect(), head?.getBoundingClientRect()];
          return h && Math.abs(c.left - h.left) < 0.5 && Math.abs(c.width - h.width) < 0.5 ? [] : [`${col} ${Math.round(c.left)}+${Math.round(c.width)} / ${h ? `${Math.round(h.left)}+${Math.round(h.width)}` : 'no head'}`];
        }),
      );
    const scrollTo = async (x: number) => {
      await page.evaluate((left) => {
        document.querySelector('[data-testid="score-grid"]')!.scrollLeft = left;
      }, x);
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    };
    for (const x of [0, 437, 100_000]) {
      await scrollTo(x);
      expect(await page.$$eval('[data-testid="grid-row"] [data-testid="grid-cell"]', (c) => c.length)).toBeGreaterThan(15);
      expect(await misplaced()).toEqual([]);
    }
    await scrollTo(0);
    const cell = gridCell(units[1]!.name, 'leaf:basic.response');
    await page.click(cell);
    await typeInGrid(page, (await page.textContent(cell))?.trim() === '2' ? '3' : '2');
    const mark = await page.$eval(`${cell} .cell-saved`, (m) => {
      const [r, c] = [m.getBoundingClientRect(), m.closest('[data-testid="grid-cell"]')!.getBoundingClientRect()];
      return { inside: r.width > 0 && r.top >= c.top - 0.5 && r.right <= c.right + 0.5, atCorner: Math.abs(r.right - c.right) < 1.5 && Math.abs(r.top - c.top) < 1.5 };
    });
    expect(mark).toEqual({ inside: true, atCorner: true });
  });

  it('opens a unit’s detail: every leaf, each assessor’s value, the explanation and why its tier', async () => {
    const { page } = browser;
    await page.click(`[data-testid="grid-row"][data-unit-name="白银市"] [data-testid="unit-link"]`);
    await page.waitForSelector('[data-testid="page-unit"]');
    expect(await page.textContent('[data-testid="unit-summary"]')).toMatch(/^白银市：总分/);
    expect(await page.textContent('[data-testid="tier-reason"]')).toMatch(/未达到“优秀”线|达到最高等次/);
    expect(await page.textContent('[data-testid="leaf-basis-basic.response"]')).toContain('张敏');
    expect(await page.textContent('[data-testid="leaf-basis-basic.response"]')).toContain('李华');
    expect(await page.textContent('[data-testid="leaf-basis-basic.response"]')).toContain('取平均');
    await screenshots(page, 'grid-unit-detail');
    await page.click('[data-testid="unit-back"]');
    await page.waitForSelector('[data-testid="score-grid"]');
  });

  it('reads in English too', async () => {
    const { page } = browser;
    await page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => page.textContent('[data-testid="grid-shown"]')).toBe('15 units');
    expect(await page.textContent('.grid-head-right')).toBe('ProgressTotalRankTier');
    await screenshots(page, 'grid-english');
    await page.click('[data-testid="lang-toggle"]');
    await expect.poll(() => page.textContent('[data-testid="grid-shown"]')).toBe('共 15 个单位');
  });
});
