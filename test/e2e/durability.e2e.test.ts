import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFinding, chooseAssessor, committed, gridCell, openUnit, setValue, valueOf } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';

describe('durability', () => {
  let server: StaticServer;
  let profile: string;
  let browser: RunningBrowser | undefined;

  beforeAll(async () => {
    server = await startServer();
    profile = newProfileDir('kill');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    removeProfile(profile);
  });

  it('keeps every edit shown as saved when the browser process is killed', async () => {
    browser = await launch(profile);
    const first = browser;
    const { page } = first;
    await openApp(page, server.url);
    await chooseAssessor(page, '李华');
    await openUnit(page, 'city', '天水市');

    await setValue(page, 'basic.response', '2'); // points, was 3.5
    await setValue(page, 'basic.policy.interpretation', '76.5'); // ratio percent, was 88.3
    await committed(page, () => page.click('[data-testid="check-basic.guide-catalog"]')); // checklist item off
    await addFinding(page, 'keyArea.projects', '重大建设项目批准信息未按时公开（断电测试）');
    await committed(page, () => page.click('[data-testid="veto-seriousError-yes"]'));

    // pull the plug: SIGKILL, no unload, no flush
    await first.kill();

    browser = await launch(profile);
    const again = browser.page;
    await openApp(again, server.url);
    // the assessor chosen on this machine is remembered too
    await expect.poll(() => again.locator('[data-testid="assessor-picker"] option:checked').textContent()).toBe('李华');
    await openUnit(again, 'city', '天水市');
    expect(await valueOf(again, 'basic.response')).toBe('2');
    expect(await valueOf(again, 'basic.policy.interpretation')).toBe('76.5');
    expect(await again.isChecked('[data-testid="check-basic.guide-catalog"]')).toBe(false);
    expect(await again.isChecked('[data-testid="check-basic.guide-guide"]')).toBe(true);
    expect(await again.textContent('[data-testid="findings-keyArea.projects"]')).toContain('断电测试');
    expect(await again.isChecked('[data-testid="veto-seriousError-yes"]')).toBe(true);

    // every edit is in the audit log, by 李华, newest first
    await navTo(again, 'export');
    await again.selectOption('[data-testid="audit-filter-unit"]', { label: '天水市' });
    const rows = again.locator('[data-testid="audit-row"][data-action="entry.save"]');
    await expect.poll(() => rows.count()).toBe(5);
    const nodes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node')));
    expect(nodes).toEqual(['seriousError', 'keyArea.projects', 'basic.guide', 'basic.policy.interpretation', 'basic.response']);
    const whos = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent));
    expect(new Set(whos)).toEqual(new Set(['李华']));
    expect(await rows.last().textContent()).toContain('3.5 → 2');
    await screenshots(again, 'audit-after-kill');
  });

  it('keeps a grid edit when the browser is killed the moment 已保存 is shown', async () => {
    await browser?.close();
    browser = await launch(profile);
    const first = browser;
    const { page } = first;
    await openApp(page, server.url);
    await chooseAssessor(page, '李华');
    await navTo(page, 'entry');
    await page.click('[data-testid="group-tab-city"]');
    const unit = (await page.getAttribute('[data-testid="grid-row"]', 'data-unit-name'))!;
    const cell = gridCell(unit, 'leaf:basic.response');
    const typed = (await page.textContent(`${cell} .cell-text`)) === '0.5' ? '1' : '0.5';
    await page.click(cell);
    await committed(page, async () => {
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
    });
    await first.kill(); // no wait after the header said 已保存

    browser = await launch(profile);
    const again = browser.page;
    await openApp(again, server.url);
    await navTo(again, 'entry');
    await again.click('[data-testid="group-tab-city"]');
    await expect.poll(() => again.textContent(`${cell} .cell-text`)).toBe(typed);
  });
});
