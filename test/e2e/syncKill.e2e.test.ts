/**
 * The server process killed with SIGKILL in the middle of replication, in two browser profiles. The
 * server keeps its data on disk and runs in a process of its own (test/couch/diskCouchServer.ts), so
 * after `kill -9` only what it had written to its files is there, as with a CouchDB; it is started again
 * on the same port and folder. 张敏's machine pushes 30 edits and the process dies as they arrive (before
 * storing them) and again after storing them but before answering; 李华's machine, back on the network,
 * pulls them and the process dies as it reads the changes and again as it writes its checkpoint. Every
 * edit arrives, once, and both machines show the same sheet.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, committed, gridCell, pasteInGrid } from './appDriver';
import { dumpIndexedDb, launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
import { ADMIN } from '../couch/couchServer';
import { startDiskCouchServer, type DiskCouchServer } from '../couch/diskCouchServer';
import { CouchClient } from '../../src/sync/couch/http';
import { logInToSync, pendingOf, publishDemo, sameOrigin, syncStateIs, type Front } from './syncMachines';

const USERS = [
  { name: 'a1', password: 'pw-a1', roles: ['assessor'] },
  { name: 'a2', password: 'pw-a2', roles: ['assessor'] },
];
const DB = 'kaohe-kill9';

let app: StaticServer;
let couch: DiskCouchServer;
const fronts: Front[] = [];
const browsers: RunningBrowser[] = [];
const profiles: string[] = [];

beforeAll(async () => {
  app = await startServer();
  couch = await startDiskCouchServer();
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

/** A machine with the demo, on 张敏's sheet, logged in through its own front, which names it to the server. */
async function machine(name: string, user: string): Promise<Machine> {
  const profile = newProfileDir('synckill');
  profiles.push(profile);
  const b = await launch(profile);
  browsers.push(b);
  const front = await sameOrigin(app, couch, { machine: name });
  fronts.push(front);
  await openApp(b.page, front.url);
  await chooseAssessor(b.page, '张敏');
  await navTo(b.page, 'export');
  await logInToSync(b.page, front, DB, user, USERS.find((u) => u.name === user)!.password);
  return { page: b.page, front };
}

/** Waits for the kill a sync round ran into. */
const killed = (kill: Promise<void>, what: string) =>
  Promise.race([kill, new Promise<void>((_, fail) => setTimeout(() => fail(new Error(`the server was not killed ${what}`)), 60_000))]);

async function cityRows(page: Page): Promise<string[]> {
  await navTo(page, 'entry');
  await page.click('[data-testid="group-tab-city"]');
  await page.waitForSelector('[data-testid="score-grid"][data-group="city"]');
  return page.$$eval('[data-testid="grid-row"]', (rs) =>
    rs.map((r) => ({ name: r.getAttribute('data-unit-name')!, top: parseFloat((r as HTMLElement).style.top) })).sort((a, b) => a.top - b.top).map((r) => r.name),
  );
}

const COLUMNS = ['leaf:basic.response', 'leaf:keyArea.projects'];
const cells = (page: Page, rows: string[]) => Promise.all(rows.flatMap((u) => COLUMNS.map((c) => page.textContent(gridCell(u, c)).then((t) => t ?? ''))));

/** 张敏's entries as a machine stores them: how many rows each entry id has. */
async function a1EntryIds(page: Page): Promise<string[]> {
  const db = (await dumpIndexedDb(page))['zwgk-kaohe']!;
  return (db.entries as { id: string; assessmentId: string; assessorId: string }[]).filter((e) => e.assessmentId === 'demo-2024' && e.assessorId === 'a1').map((e) => e.id);
}

describe('the server process killed with kill -9 during replication, and started again on its files', () => {
  it('loses no edit pushed or pulled through it, stores none twice, and both machines end up with the same sheet', async () => {
    await publishDemo(couch, DB, USERS);
    const zhang = await machine('zhang', 'a1');
    const li = await machine('li', 'a2');
    // 李华 leaves the network: the edits reach that machine only once the server has been killed twice more
    li.front.setOffline(true);
    await syncStateIs(li.page, 'offline');

    // 30 edits made off the network: two columns of the city grid pasted at once
    zhang.front.setOffline(true);
    const rows = await cityRows(zhang.page);
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
    const admin = new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const before = (await admin.request<{ doc_count: number }>('GET', `/${DB}`)).doc_count;

    // back on the network: the process is killed as the edits arrive, before storing them …
    const push = { method: 'POST', path: `/${DB}/_bulk_docs`, machine: 'zhang' };
    const killedBefore = couch.killAt(push, 'before');
    zhang.front.setOffline(false);
    await killed(killedBefore, 'as the edits arrived');
    await syncStateIs(zhang.page, 'offline');
    expect(Number(await pendingOf(zhang.page))).toBe(pendingBefore);
    // … and, started again, killed after writing them to disk, before its answer leaves
    const killedAfter = couch.killAt(push, 'afterWrite');
    await couch.start();
    expect((await admin.request<{ doc_count: number }>('GET', `/${DB}`)).doc_count).toBe(before);
    await killed(killedAfter, 'after storing the edits');
    await couch.start();
    // what the killed process wrote is on disk, though 张敏's machine never heard it was stored
    expect((await admin.request<{ doc_count: number }>('GET', `/${DB}`)).doc_count).toBeGreaterThan(before);
    await expect.poll(() => pendingOf(zhang.page), { timeout: 60_000 }).toBe('0');
    await syncStateIs(zhang.page, 'synced', 60_000);

    // 李华 comes back: the process is killed as that machine reads the changes …
    const killedReading = couch.killAt({ method: 'GET', path: `/${DB}/_changes`, machine: 'li' }, 'afterWrite');
    li.front.setOffline(false);
    await killed(killedReading, 'as the changes were read');
    await syncStateIs(li.page, 'offline');
    // … and, started again, as the machine writes where it got to (it has stored what it read)
    const killedCheckpoint = couch.killAt({ method: 'PUT', path: `/${DB}/_local/`, machine: 'li' }, 'before');
    await couch.start();
    await killed(killedCheckpoint, 'as the checkpoint was written');
    await couch.start();
    await syncStateIs(li.page, 'synced', 60_000);
    expect(couch.pids).toHaveLength(5);

    // every edit on both machines, the same sheet
    const sent = await cells(zhang.page, rows);
    expect(sent[0]!.startsWith(response[0]!) && sent[1]!.startsWith(projects[0]!)).toBe(true);
    await cityRows(li.page);
    await expect.poll(() => cells(li.page, rows), { timeout: 60_000 }).toEqual(sent);
    await screenshots(li.page, 'sync-after-kill9');
    // once each: one row per entry on each machine, one version per document on the server, nothing pending
    const here = (await a1EntryIds(zhang.page)).sort();
    expect(new Set(here).size).toBe(here.length);
    expect((await a1EntryIds(li.page)).sort()).toEqual(here);
    const docs = await admin.request<{ rows: { id: string; doc: { _rev: string; _conflicts?: string[] } }[] }>('GET', `/${DB}/_all_docs`, undefined, {
      include_docs: true,
      conflicts: true,
      startkey: '"entry:"',
      endkey: '"entry:\uffff"',
    });
    const onServer = docs.rows.filter((r) => here.includes(r.id.slice('entry:'.length)));
    expect(onServer).toHaveLength(here.length);
    expect(onServer.filter((r) => r.doc._conflicts?.length)).toEqual([]);
    for (const m of [zhang, li]) {
      expect(await pendingOf(m.page)).toBe('0');
      await navTo(m.page, 'export');
      expect(await m.page.locator('[data-testid="conflict-row"]').count()).toBe(0);
    }
  }, 400_000);
});
