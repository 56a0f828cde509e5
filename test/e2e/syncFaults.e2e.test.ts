/**
 * Live sync when things go wrong, in two browser profiles: the same cell changed on two machines while
 * each was off the network becomes a conflict in 导入导出 → 合并冲突, and once the coordinator has chosen
 * both machines settle on the choice; the server killed in the middle of pushing many edits (before it stores
 * them, and after it stored them but before it answered) loses none of them.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, committed, gridCell, openUnit, pasteInGrid, setValue, valueOf } from './appDriver';
import { dumpIndexedDb, launch, sleep, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { CouchClient } from '../../src/sync/couch/http';
import { logInToSync, pendingOf, publishDemo, sameOrigin, syncStateIs, type Front } from './syncMachines';

const USERS = [
  { name: 'office', password: 'pw-office', roles: ['coordinator'] },
  { name: 'a1', password: 'pw-a1', roles: ['assessor'] },
  { name: 'a2', password: 'pw-a2', roles: ['assessor'] },
];

let app: StaticServer;
let couch: CouchServer;
const fronts: Front[] = [];
const browsers: RunningBrowser[] = [];
const profiles: string[] = [];

beforeAll(async () => {
  app = await startServer();
  couch = await startCouchServer();
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  for (const f of fronts) await f.close();
  await couch?.close();
  await app?.close();
  profiles.forEach(removeProfile);
});

interface Machine {
  page: Page;
  front: Front;
}

/** A machine with the demo, working on `assessor`'s sheet, logged in to `db` through its own front. */
async function machine(db: string, assessor: string, user: string): Promise<Machine> {
  const profile = newProfileDir('syncfaults');
  profiles.push(profile);
  const b = await launch(profile);
  browsers.push(b);
  const front = await sameOrigin(app, couch);
  fronts.push(front);
  await openApp(b.page, front.url);
  await chooseAssessor(b.page, assessor);
  await navTo(b.page, 'export');
  await logInToSync(b.page, front, db, user, USERS.find((u) => u.name === user)!.password);
  return { page: b.page, front };
}

/** The stored entry of 张敏 for a unit's check point, as the machine has it. */
async function storedEntry(page: Page, unitName: string, node: string): Promise<{ id: string; value?: number; rev: number; updatedBy?: string } | undefined> {
  const db = (await dumpIndexedDb(page))['zwgk-kaohe']!;
  const unit = (db.units as { id: string; name: string; assessmentId: string }[]).find((u) => u.name === unitName && u.assessmentId === 'demo-2024');
  type Row = { id: string; assessmentId: string; unitId: string; node: string; assessorId: string; value?: number; rev: number; updatedBy?: string };
  return (db.entries as Row[]).find((e) => e.assessmentId === 'demo-2024' && e.unitId === unit?.id && e.node === node && e.assessorId === 'a1');
}

describe('a cell changed on two machines while both were offline', () => {
  it("is a conflict on the coordinator's machine, and both machines settle on the coordinator's choice", async () => {
    await publishDemo(couch, 'kaohe-conflict', USERS);
    const office = await machine('kaohe-conflict', '张敏', 'office');
    const zhang = await machine('kaohe-conflict', '张敏', 'a1');
    for (const m of [office, zhang]) await openUnit(m.page, 'city', '兰州市');
    expect(await valueOf(office.page, 'basic.response')).toBe('3.5');

    // both leave the network; each changes the same cell
    office.front.setOffline(true);
    zhang.front.setOffline(true);
    await setValue(office.page, 'basic.response', '3');
    await setValue(zhang.page, 'basic.response', '2');
    for (const m of [office, zhang]) {
      await syncStateIs(m.page, 'offline');
      await expect.poll(() => pendingOf(m.page), { timeout: 30_000 }).toBe('1');
    }

    // 张敏 comes back first: the server takes 张敏's value
    zhang.front.setOffline(false);
    await expect.poll(() => pendingOf(zhang.page), { timeout: 60_000 }).toBe('0');
    await syncStateIs(zhang.page, 'synced', 60_000);

    // the office comes back: 张敏's value meets the office's own, which waits for a decision
    office.front.setOffline(false);
    await syncStateIs(office.page, 'synced', 60_000);
    await navTo(office.page, 'export');
    const row = office.page.locator('[data-testid="conflict-row"]');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.locator('td').allInnerTexts()).toEqual([
      '兰州市',
      expect.stringMatching(/回应/),
      '张敏',
      expect.stringMatching(/^3/),
      expect.stringMatching(/^2/),
    ]);
    // held for the coordinator: the office's value is not pushed meanwhile
    expect(await pendingOf(office.page)).toBe('0');
    await screenshots(office.page, 'sync-conflict');

    // the coordinator takes 张敏's value: the office's copy follows under a later revision, which says
    // the same as 张敏's, so neither machine pushes its revision back and no new conflict arises
    const before = (await storedEntry(zhang.page, '兰州市', 'basic.response'))!;
    await office.page.click('[data-testid="conflict-row"] [data-testid="conflict-pick-incoming"]');
    await committed(office.page, () => office.page.click('[data-testid="conflicts-apply"]'));
    const decided = (await storedEntry(office.page, '兰州市', 'basic.response'))!;
    expect(decided).toMatchObject({ value: 2, rev: before.rev + 1 });
    await syncStateIs(office.page, 'synced', 60_000);
    expect(await pendingOf(office.page)).toBe('0');
    const admin = new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const serverRev = async () => (await admin.request<{ _rev: string }>('GET', `/kaohe-conflict/${encodeURIComponent(`entry:${decided.id}`)}`, undefined, { conflicts: true }))._rev;
    const settled = await serverRev();
    await sleep(5000);
    expect(await serverRev()).toBe(settled);
    expect(await pendingOf(zhang.page)).toBe('0');
    expect(await valueOf(zhang.page, 'basic.response')).toBe('2');
    await navTo(zhang.page, 'export');
    expect(await zhang.page.locator('[data-testid="conflict-row"]').count()).toBe(0);
    await openUnit(office.page, 'city', '兰州市');
    expect(await valueOf(office.page, 'basic.response')).toBe('2');
  }, 300_000);
});

describe('the server killed while a machine pushes many edits', () => {
  it('loses none of them: every edit arrives on the other machine', async () => {
    await publishDemo(couch, 'kaohe-kill', USERS);
    const zhang = await machine('kaohe-kill', '张敏', 'a1');
    const li = await machine('kaohe-kill', '张敏', 'a2');

    // 30 edits made off the network: two columns of the city grid pasted at once
    zhang.front.setOffline(true);
    await navTo(zhang.page, 'entry');
    await zhang.page.click('[data-testid="group-tab-city"]');
    await zhang.page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
    const rows = await zhang.page.$$eval('[data-testid="grid-row"]', (rs) =>
      rs.map((r) => ({ name: r.getAttribute('data-unit-name')!, top: parseFloat((r as HTMLElement).style.top) })).sort((a, b) => a.top - b.top).map((r) => r.name),
    );
    expect(rows).toHaveLength(15);
    const response = rows.map((_, i) => ((i % 7) * 0.5 + 0.5).toFixed(1)); // 0.5 … 3.5 points
    const projects = rows.map((_, i) => String((i % 4) + 1)); // 1 … 4 points deducted
    await zhang.page.click(gridCell(rows[0]!, 'leaf:basic.response'));
    await committed(zhang.page, () => pasteInGrid(zhang.page, response.map((v) => `${v}\r\n`).join('')));
    await zhang.page.click(gridCell(rows[0]!, 'leaf:keyArea.projects'));
    await committed(zhang.page, () => pasteInGrid(zhang.page, projects.map((v) => `${v}\r\n`).join('')));
    await syncStateIs(zhang.page, 'offline');
    await expect.poll(async () => Number(await pendingOf(zhang.page)), { timeout: 30_000 }).toBeGreaterThanOrEqual(25);
    const pendingBefore = Number(await pendingOf(zhang.page));

    // back on the network: the server dies as the edits arrive, before storing them …
    const killedBefore = couch.killAt((m, url) => m === 'POST' && url.startsWith('/kaohe-kill/_bulk_docs'), 'before');
    zhang.front.setOffline(false);
    await killedBefore;
    await syncStateIs(zhang.page, 'offline');
    expect(Number(await pendingOf(zhang.page))).toBe(pendingBefore);
    // … and again after storing them, before its answer leaves
    const killedAfter = couch.killAt((m, url) => m === 'POST' && url.startsWith('/kaohe-kill/_bulk_docs'), 'afterWrite');
    await couch.start();
    await killedAfter;
    await couch.start();
    await expect.poll(() => pendingOf(zhang.page), { timeout: 60_000 }).toBe('0');
    await syncStateIs(zhang.page, 'synced', 60_000);

    // 李华's machine, looking at 张敏's sheet, has every one of them
    await navTo(li.page, 'entry');
    await li.page.click('[data-testid="group-tab-city"]');
    await li.page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
    const cells = (page: Page) =>
      Promise.all(rows.flatMap((u) => ['leaf:basic.response', 'leaf:keyArea.projects'].map((c) => page.textContent(gridCell(u, c)).then((t) => t ?? ''))));
    const sent = await cells(zhang.page);
    expect(sent[0]!.startsWith(response[0]!) && sent[1]!.startsWith(projects[0]!)).toBe(true);
    await expect.poll(() => cells(li.page), { timeout: 60_000 }).toEqual(sent);
    await screenshots(li.page, 'sync-after-kill');
  }, 300_000);
});
