/**
 * 从服务器加入考核 in two fresh browser profiles: neither has the office's assessment (only the demo of a
 * first start). A wrong password or database is said in words and stores nothing; with the right login
 * the whole assessment comes down, opens with sync on, and the two machines then sync as any others.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAssessor, openUnit, setValue, valueOf } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { demoBundle, sameOrigin, syncStateIs, type Front } from './syncMachines';

const DB = 'kaohe-gansu';
const NAME = '2024年度全省政务公开考核';

describe('joining from an empty browser', () => {
  let app: StaticServer;
  let couch: CouchServer;
  let front: Front;
  const browsers: RunningBrowser[] = [];
  const profiles: string[] = [];

  beforeAll(async () => {
    app = await startServer();
    couch = await startCouchServer();
    front = await sameOrigin(app, couch);
    // the office's own assessment (not the demo every first start has): the demo's data under another id
    const bundle = demoBundle();
    const office = { ...bundle, assessment: { ...bundle.assessment, id: 'gansu-2024', name: NAME } };
    await setupServer(
      new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` }),
      DB,
      [
        { name: 'a1', password: 'pw-a1', roles: ['assessor'] },
        { name: 'a2', password: 'pw-a2', roles: ['assessor'] },
      ],
      entitiesOfBundle(office),
    );
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await front?.close();
    await couch?.close();
    await app?.close();
    profiles.forEach(removeProfile);
  });

  async function freshBrowser(): Promise<Page> {
    const profile = newProfileDir('syncjoin');
    profiles.push(profile);
    const b = await launch(profile);
    browsers.push(b);
    await openApp(b.page, front.url);
    await navTo(b.page, 'setup');
    return b.page;
  }

  async function join(page: Page, user: string, password: string, db = DB): Promise<void> {
    if ((await page.locator('[data-testid="join-dialog"]').count()) === 0) await page.click('[data-testid="join-server-open"]');
    await page.fill('[data-testid="join-server"]', `${front.url}/couchdb`);
    await page.fill('[data-testid="join-db"]', db);
    await page.fill('[data-testid="join-user"]', user);
    await page.fill('[data-testid="join-password"]', password);
    await page.click('[data-testid="join-submit"]');
  }

  const assessmentsHere = (page: Page) => page.locator('[data-testid="assessment-picker"] option').allTextContents();

  it('refuses a wrong login or database in words, then downloads the whole assessment and keeps it in sync', async () => {
    const zhang = await freshBrowser();
    const demoOnly = await assessmentsHere(zhang);
    expect(demoOnly).toHaveLength(1);

    await join(zhang, 'a1', 'wrong');
    expect(await zhang.textContent('[data-testid="join-error"]')).toBe('未能加入：用户名或密码不正确');
    await screenshots(zhang, 'sync-join-wrong-password');
    await join(zhang, 'a1', 'pw-a1', 'kaohe-gansu-2025');
    expect(await zhang.textContent('[data-testid="join-error"]')).toBe('未能加入：服务器上没有数据库 kaohe-gansu-2025（请先运行 npm run server -- setup）');
    expect(await assessmentsHere(zhang)).toEqual(demoOnly);

    await join(zhang, 'a1', 'pw-a1');
    await zhang.waitForSelector('[data-testid="setup-message"]', { timeout: 120_000 });
    expect(await zhang.textContent('[data-testid="setup-message"]')).toBe(`已从服务器加入考核“${NAME}”：${demoBundle().units.length} 个单位、${demoBundle().entries.length} 条评分，已开启同步。`);
    await zhang.waitForFunction((n) => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes(n), NAME);
    expect(await assessmentsHere(zhang)).toEqual(expect.arrayContaining([`${NAME}（2024）`, ...demoOnly]));
    await syncStateIs(zhang, 'synced', 60_000);
    // the login is 张敏 (a1): 张敏's sheet is the one chosen
    expect(await zhang.$eval('[data-testid="assessor-picker"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('张敏');
    await screenshots(zhang, 'sync-joined');

    // a second fresh machine joins; an edit on the first reaches it
    const li = await freshBrowser();
    await join(li, 'a2', 'pw-a2');
    await li.waitForFunction((n) => document.querySelector('[data-testid="assessment-name"]')?.textContent?.includes(n), NAME, { timeout: 120_000 });
    await syncStateIs(li, 'synced', 60_000);
    await chooseAssessor(li, '张敏');
    await openUnit(li, 'city', '兰州市');
    await openUnit(zhang, 'city', '兰州市');
    expect(await valueOf(li, 'basic.response')).toBe(await valueOf(zhang, 'basic.response'));
    await setValue(zhang, 'basic.response', '1.5');
    await expect.poll(() => valueOf(li, 'basic.response'), { timeout: 60_000 }).toBe('1.5');
  }, 300_000);
});
