/**
 * Two machines syncing live through a CouchDB-compatible server: 张敏's and 李华's browser profiles, each
 * logged in as itself. The app is served with the server under /couchdb/ on the same origin (as
 * docs/sync.md deploys it behind nginx), so the app's Content-Security-Policy (`connect-src 'self'`)
 * holds. An edit in one appears in the other; an edit made while the server is down stays on its machine
 * (the header says 离线 and counts it as pending) and arrives once the server is back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, openUnit, setValue, valueOf } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
import { startCouchServer, type CouchServer } from '../couch/couchServer';
import { logInToSync, pendingOf, publishDemo, sameOrigin, syncStateIs as stateIs, type Front } from './syncMachines';

const DB = 'kaohe-demo';

describe('live sync through a server', () => {
  let app: StaticServer;
  let couch: CouchServer;
  let front: Front;
  const browsers: RunningBrowser[] = [];
  const profiles: string[] = [];

  beforeAll(async () => {
    app = await startServer();
    couch = await startCouchServer();
    front = await sameOrigin(app, couch);
    await publishDemo(couch, DB, [
      { name: 'a1', password: 'pw-a1', roles: ['assessor'] },
      { name: 'a2', password: 'pw-a2', roles: ['assessor'] },
    ]);
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await front?.close();
    await couch?.close();
    await app?.close();
    profiles.forEach(removeProfile);
  });

  /** A machine with the demo, its assessor chosen, logged in to the server and synced once. */
  async function machine(assessor: string, user: string, password: string): Promise<Page> {
    const profile = newProfileDir('sync');
    profiles.push(profile);
    const b = await launch(profile);
    browsers.push(b);
    await openApp(b.page, front.url);
    await chooseAssessor(b.page, assessor);
    await navTo(b.page, 'export');
    await logInToSync(b.page, front, DB, user, password);
    return b.page;
  }

  it("brings 张敏's edit to 李华's machine, and one made while the server was down once it is back", async () => {
    const zhang = await machine('张敏', 'a1', 'pw-a1');
    const li = await machine('李华', 'a2', 'pw-a2');
    await screenshots(zhang, 'sync-settings');

    // 李华 looks at 张敏's sheet of 兰州市 (demo: 3.5) while 张敏 edits it
    await chooseAssessor(li, '张敏');
    await openUnit(li, 'city', '兰州市');
    expect(await valueOf(li, 'basic.response')).toBe('3.5');
    await openUnit(zhang, 'city', '兰州市');
    await setValue(zhang, 'basic.response', '3');
    await expect.poll(() => valueOf(li, 'basic.response'), { timeout: 30_000 }).toBe('3');
    await stateIs(zhang, 'synced');

    // the server goes down: the edit is kept, counted as pending, and the header says 离线
    await couch.stop();
    await setValue(zhang, 'basic.response', '2');
    await stateIs(zhang, 'offline');
    // the failed pull can say 离线 before the edit's save is counted as pending: wait for the count
    await expect.poll(() => pendingOf(zhang), { timeout: 30_000 }).toBe('1');
    expect(await zhang.textContent('[data-testid="sync-state"]')).toMatch(/^离线 · 1 项待同步 · 上次同步 /);
    await screenshots(zhang, 'sync-offline');
    expect(await valueOf(li, 'basic.response')).toBe('3');

    await couch.start();
    await expect.poll(() => valueOf(li, 'basic.response'), { timeout: 60_000 }).toBe('2');
    await stateIs(zhang, 'synced');
    expect(await zhang.textContent('[data-testid="sync-state"]')).toMatch(/^已同步 · 上次同步 /);
    await screenshots(zhang, 'sync-back');
  }, 240_000);
});
