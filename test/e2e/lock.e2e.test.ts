import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessor, ScoreEntry, Unit } from '../../src/engine';
import { inputsHash } from '../../src/app/inputsHash';
import { activeCell, chooseAssessor, committed, gridCell, lockThroughBlockers, pasteInGrid, savesSoFar, typeInGrid } from './appDriver';
import { dumpIndexedDb, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

const DEMO = 'demo-2024';
type Row = Record<string, unknown> & { assessmentId: string };

describe('locking an assessment', () => {
  let server: StaticServer;
  let browser: RunningBrowser;
  let profile: string;

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('lock');
    browser = await launch(profile);
    const { page } = browser;
    await openApp(page, server.url);
    await chooseAssessor(page, '李华');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  it('stores a snapshot of the results with the hash of the inputs they came from', async () => {
    const { page } = browser;
    // the demo is at 征求意见 with an open appeal and two departments still missing cells: 定稿 is
    // refused with each of them listed, and allowed once they are settled
    await page.click('[data-testid="lock-open"]');
    await page.click('[data-testid="lock-confirm"]');
    await page.waitForSelector('[data-testid="lock-blockers"]');
    expect(await page.getAttribute('[data-testid="lock-controls"]', 'data-status')).toBe('open');
    await screenshots(page, 'lock-blockers');
    const settled = await lockThroughBlockers(page);
    expect(settled).toHaveLength(3);
    expect(settled.filter((b) => b.startsWith('openAppeal'))).toHaveLength(1);
    expect(settled.filter((b) => b.startsWith('incomplete') && /尚有 \d+ 项未录入/.test(b))).toHaveLength(2);
    expect(await page.textContent('[data-testid="locked-badge"]')).toBe('已锁定');
    await page.waitForSelector('[data-testid="entry-locked"]');
    await page.click('[data-testid="group-tab-city"]');
    await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
    await screenshots(page, 'lock-locked');

    const db = (await dumpIndexedDb(page))['zwgk-kaohe']!;
    const rows = <T,>(table: string) =>
      (db[table] as Row[]).filter((r) => r.assessmentId === DEMO).map(({ assessmentId: _a, ...rest }) => rest as unknown as T);
    const [snapshot] = db.snapshots as { inputsHash: string; who: string; results: { group: string; units: { unitName: string; rank: number; tierName: string }[] }[] }[];
    const assessment = (db.assessments as { id: string; status: string; groups: { key: string; ruleSetHash: string }[] }[]).find((a) => a.id === DEMO)!;
    expect(assessment.status).toBe('locked');
    // the hash recomputed here from what is stored is the one kept with the lock
    expect(snapshot!.inputsHash).toBe(
      inputsHash({ groups: assessment.groups, units: rows<Unit>('units'), assessors: rows<Assessor>('assessors'), entries: rows<ScoreEntry>('entries') }),
    );
    expect(snapshot!.who).toBe('李华');
    expect(snapshot!.results.map((g) => [g.group, g.units.length])).toEqual([
      ['city', 15],
      ['department', 32],
    ]);
    expect(snapshot!.results[0]!.units[0]).toMatchObject({ rank: 1 });
  });

  it('refuses every edit while locked — typing, pasting, clearing, undoing — and changes nothing', async () => {
    const { page } = browser;
    const before = await dumpIndexedDb(page);
    const saves = await savesSoFar(page);

    await page.click(gridCell('兰州市', 'leaf:basic.response'));
    expect(await activeCell(page)).toBe('兰州市 / 政务舆情回应');
    await page.keyboard.type('2');
    await page.waitForSelector('[data-testid="grid-message"][data-kind="error"]');
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('本考核已锁定，不能修改评分');
    expect(await page.isVisible('[data-testid="grid-edit-error"]')).toBe(false);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+z');
    await pasteInGrid(page, '1\t2\r\n');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter'); // 政府信息公开指南和目录: the checklist editor does not open
    expect(await page.locator('[data-testid="checklist-popover"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="grid-message"]')).toContain('已锁定');
    await screenshots(page, 'lock-refused');

    // the unit page is read-only too
    await page.click('[data-testid="grid-row"][data-unit-name="兰州市"] [data-testid="unit-link"]');
    await page.waitForSelector('[data-testid="page-unit"]');
    expect(await page.isDisabled('[data-testid="leaf-input-basic.response"]')).toBe(true);
    await navTo(page, 'entry');

    expect(await savesSoFar(page)).toBe(saves);
    expect(await dumpIndexedDb(page)).toEqual(before);
  });

  it('verifies the snapshot against the stored data', async () => {
    const { page } = browser;
    await page.click('[data-testid="lock-verify"]');
    await page.waitForSelector('[data-testid="lock-message"]');
    expect(await page.textContent('[data-testid="lock-message"]')).toContain('核验通过');
  });

  it('unlocks only with a reason, logs it, and takes edits again', async () => {
    const { page } = browser;
    await page.click('[data-testid="unlock-open"]');
    await page.click('[data-testid="unlock-confirm"]');
    expect(await page.textContent('[data-testid="unlock-dialog"] [data-testid="lock-message"]')).toContain('解锁必须填写理由。');
    expect(await page.locator('[data-testid="locked-badge"]').count()).toBe(1);

    const reason = '复核发现兰州市政务舆情回应评分有误，需更正';
    await page.fill('[data-testid="unlock-reason"]', reason);
    await committed(page, () => page.click('[data-testid="unlock-confirm"]'));
    await page.waitForSelector('[data-testid="locked-badge"]', { state: 'detached' });
    await page.waitForSelector('[data-testid="lock-open"]');

    await page.click(gridCell('兰州市', 'leaf:basic.response'));
    await typeInGrid(page, '2');
    const db = (await dumpIndexedDb(page))['zwgk-kaohe']!;
    const entry = (db.entries as (ScoreEntry & Row)[]).find((e) => e.assessmentId === DEMO && e.id === 'city-lanzhou:basic.response:a2');
    expect(entry).toMatchObject({ value: 2, updatedBy: '李华' });

    // the audit view lists the lock and the unlock with its reason
    await page.click('[data-testid="nav-audit"]');
    await page.waitForSelector('[data-testid="page-audit"]');
    await page.selectOption('[data-testid="audit-filter-action"]', 'assessment.unlock');
    await expect.poll(() => page.locator('[data-testid="audit-row"]').count()).toBe(1);
    const row = page.locator('[data-testid="audit-row"]');
    expect(await row.getAttribute('data-why')).toBe(reason);
    expect(await row.textContent()).toContain('李华');
    await page.selectOption('[data-testid="audit-filter-action"]', 'assessment.lock');
    await expect.poll(() => page.locator('[data-testid="audit-row"]').count()).toBe(1);
    await page.selectOption('[data-testid="audit-filter-action"]', '');
    await page.selectOption('[data-testid="audit-filter-unit"]', { label: '兰州市' });
    await page.selectOption('[data-testid="audit-filter-node"]', 'basic');
    await expect.poll(() => page.locator('[data-testid="audit-row"]').count()).toBe(1);
    expect(await page.getAttribute('[data-testid="audit-row"]', 'data-node')).toBe('basic.response');
    await screenshots(page, 'lock-audit');
  });
});
