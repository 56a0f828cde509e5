/**
 * 自评 through the server: 兰州市 opens its self-assessment package in a browser of its own, turns on
 * sync with its unit's database (named by `setup`) under its unit login, and fills in a self score;
 * the score and a screenshot attached as material arrive in the unit's database (the file as an
 * attachment of the self document), and after one `fan-out` pass in the assessment's database.
 * The app and the server share one origin, as behind the office's nginx (docs/sync.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed } from './appDriver';
import { logInToSync, sameOrigin, syncStateIs, type Front } from './syncMachines';
import type { StaticServer } from './staticServer';
import { toDoc } from '../../src/sync/couch/docs';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { CouchClient } from '../../src/sync/couch/http';
import { setupServer } from '../../src/sync/couch/setup';
import { entitiesOfBundle } from '../../src/sync/couch/plan';
import { syncUnitDatabases, unitDbName } from '../../src/sync/couch/unitDb';
import type { SelfDocData } from '../../src/sync/couch/selfDoc';
import { parseBundle } from '../../src/formats/bundle';
import { buildSelfPackage, serializeSelfPackage } from '../../src/formats/selfAssessmentPackage';
import { compileRuleSet } from '../../src/engine';
import { contentHash } from '../../src/sync/contentHash';
import { fileHash } from '../../src/sync/fileHash';

const DB = 'kaohe-demo';
const UNIT_ID = 'city-lanzhou';
const NODE = 'basic.response';

describe("a unit's self-assessment synced with its own database", () => {
  let app: StaticServer;
  let couch: CouchServer;
  let front: Front;
  let admin: CouchClient;
  let unit: RunningBrowser | undefined;
  let office: RunningBrowser | undefined;
  let profile = '';
  let officeProfile = '';
  let packagePath = '';

  beforeAll(async () => {
    app = await startServer();
    couch = await startCouchServer();
    front = await sameOrigin(app, couch);
    const parsed = parseBundle(readFileSync('public/demo/demo-bundle.json', 'utf8'), 'demo-bundle.json');
    if (!parsed.ok) throw new Error('demo bundle does not parse');
    const b = parsed.bundle;
    admin = new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    await setupServer(
      admin,
      DB,
      [
        { name: 'lanzhou', password: 'pw-lz', roles: ['unit', `unit:${UNIT_ID}`] },
        { name: 'office', password: 'pw-office', roles: ['coordinator'] },
        { name: 'zhao', password: 'pw-zhao', roles: ['assessor'] },
      ],
      entitiesOfBundle(b),
    );
    const u = b.units.find((x) => x.id === UNIT_ID)!;
    const group = b.assessment.groups.find((g) => g.key === u.group)!;
    const ruleSet = b.ruleSets.find((r) => contentHash(r) === group.ruleSetHash)!;
    const pkg = buildSelfPackage({ assessment: b.assessment, group, compiled: compileRuleSet(ruleSet), unit: u, exportedAt: '2024-12-01T08:00:00.000Z', exportedBy: '考核办' });
    profile = newProfileDir('unit-sync');
    packagePath = join(profile, '..', `self-package-${process.pid}.json`);
    writeFileSync(packagePath, serializeSelfPackage(pkg));
  });

  afterAll(async () => {
    await unit?.close();
    await office?.close();
    await front?.close();
    await couch?.close();
    await app?.close();
    if (profile) removeProfile(profile);
    if (officeProfile) removeProfile(officeProfile);
  });

  it('sends the self score to the unit database and, by fan-out, to the assessment database', async () => {
    unit = await launch(profile);
    const page = unit.page;
    await openApp(page, front.url);
    await navTo(page, 'export');
    await page.setInputFiles('[data-testid="self-open"]', packagePath);
    await page.waitForSelector('[data-testid="page-self"]', { timeout: 15_000 });

    await page.fill('[data-testid="sync-server"]', `${front.url}/couchdb`);
    await page.fill('[data-testid="sync-db"]', unitDbName(DB, UNIT_ID));
    await page.fill('[data-testid="sync-user"]', 'lanzhou');
    await page.fill('[data-testid="sync-password"]', 'pw-lz');
    await page.click('[data-testid="sync-enable"]');
    await page.waitForSelector('[data-testid="sync-on"]');
    await page.waitForSelector('[data-testid="sync-state"][data-state="synced"]', { timeout: 30_000 });

    const row = `[data-testid="self-row"][data-node="${NODE}"]`;
    await committed(page, async () => {
      await page.fill(`${row} [data-testid="self-score"]`, '3');
      await page.fill(`${row} [data-testid="self-explanation"]`, '舆情回应台账齐全');
      await page.click('[data-testid="self-unit"]');
    });
    const unitDoc = () => admin.request<{ data: SelfDocData }>('GET', `/${unitDbName(DB, UNIT_ID)}/self%3A${UNIT_ID}`).then((d) => d.data.items, () => []);
    await expect.poll(unitDoc, { timeout: 30_000 }).toEqual([{ node: NODE, score: 3, explanation: '舆情回应台账齐全' }]);
    // the unit's own edit: nothing was taken from elsewhere
    expect(await page.locator('[data-testid="self-taken"]').count()).toBe(0);
    await page.waitForSelector('[data-testid="sync-state"][data-state="synced"]', { timeout: 30_000 });
    await page.locator('[data-testid="sync-section"]').scrollIntoViewIfNeeded();
    await screenshots(page, 'self-sync');
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.textContent('[data-testid="sync-state"]')).toMatch(/^已同步 · 上次同步 /);
    await screenshots(page, 'self-sync-header');

    // material: a screenshot attached to the item travels as an attachment of the self document
    const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } });
    const hash = fileHash(new Uint8Array(shot));
    await committed(page, () => page.setInputFiles(`[data-testid="attachment-input-self:${UNIT_ID}:${NODE}"]`, { name: '台账截图.png', mimeType: 'image/png', buffer: shot }));
    await page.locator(`${row} [data-testid="attachment"][data-name="台账截图.png"] img`).waitFor({ timeout: 15_000 });
    expect(await page.textContent('[data-testid="self-evidence-message"]')).toContain('已添加附件“台账截图.png”');
    type WithFiles = { data: SelfDocData; files?: { name: string; ownerId: string; hash: string }[]; _attachments?: Record<string, { length: number }> };
    const unitFiles = () => admin.request<WithFiles>('GET', `/${unitDbName(DB, UNIT_ID)}/self%3A${UNIT_ID}`).then((d) => [d.files?.map((f) => [f.name, f.ownerId, f.hash]), d._attachments?.[hash]?.length], () => []);
    await expect.poll(unitFiles, { timeout: 30_000 }).toEqual([[['台账截图.png', NODE, hash]], shot.byteLength]);
    await page.waitForSelector('[data-testid="sync-state"][data-state="synced"]', { timeout: 30_000 });
    await page.locator(row).scrollIntoViewIfNeeded();
    await screenshots(page, 'self-sync-material');

    expect(await syncUnitDatabases(admin, DB)).toMatchObject({ up: 1 });
    const atOffice = await admin.request<WithFiles>('GET', `/${DB}/self%3A${UNIT_ID}`);
    expect(atOffice.data).toMatchObject({ assessmentId: 'demo-2024', unitId: UNIT_ID, updatedBy: expect.any(String) });
    expect(atOffice.data.items).toEqual([{ node: NODE, score: 3, explanation: '舆情回应台账齐全' }]);
    expect(atOffice.files?.map((f) => f.name)).toEqual(['台账截图.png']);
    // the bytes themselves, as the office's machine will fetch them
    const got = await fetch(`${couch.url}/${DB}/self%3A${UNIT_ID}/${encodeURIComponent(hash)}`, { headers: { authorization: `Basic ${btoa(`${ADMIN.name}:${ADMIN.password}`)}` } });
    expect(fileHash(new Uint8Array(await got.arrayBuffer()))).toBe(hash);
  }, 180_000);

  it("shows the coordinator two versions a unit's machines wrote at once; the choice closes the conflict on the server", async () => {
    // a second machine of 兰州市 wrote its own version at the same time as the first: a sibling revision
    const unitDb = unitDbName(DB, UNIT_ID);
    type Revised = { data: SelfDocData; _revisions: { start: number; ids: string[] } };
    const current = await admin.request<Revised>('GET', `/${unitDb}/self%3A${UNIT_ID}`, undefined, { revs: true });
    const racing = toDoc({ kind: 'self', data: { ...current.data, items: [{ node: NODE, score: 1, explanation: '台账不全，待补' }], updatedAt: '2024-12-02T09:00:00.000Z' } });
    // a revision id that sorts last, so the other machine's older version is the server's winner: 兰州市's
    // open browser, with nothing unsent, takes it rather than writing its own later one on top (which
    // would leave no conflict for the office)
    const id = 'f'.repeat(32);
    const lanzhou = new CouchClient(couch.url);
    await lanzhou.logIn('lanzhou', 'pw-lz');
    const sibling = { ...racing, _rev: `${current._revisions.start}-${id}`, _revisions: { start: current._revisions.start, ids: [id, ...current._revisions.ids.slice(1)] } };
    expect(await lanzhou.request('POST', `/${unitDb}/_bulk_docs`, { docs: [sibling], new_edits: false })).toEqual([]);
    const unitPage = unit!.page;
    const unitScore = () => unitPage.inputValue(`[data-testid="self-row"][data-node="${NODE}"] [data-testid="self-score"]`);
    await expect.poll(unitScore, { timeout: 30_000 }).toBe('1');
    // and says why the form changed
    await unitPage.waitForSelector('[data-testid="self-taken"]', { timeout: 15_000 });
    expect(await unitPage.textContent('[data-testid="self-taken"]')).toContain('下表已改为本单位另一台电脑填写的版本（2024/12/2 17:00:00 填写');
    // what the form said of the file it attached no longer holds for the version taken
    expect(await unitPage.locator('[data-testid="self-evidence-message"]').count()).toBe(0);
    await unitPage.evaluate(() => window.scrollTo(0, 0));
    await screenshots(unitPage, 'self-taken');
    await unitPage.waitForSelector('[data-testid="sync-state"][data-state="synced"]', { timeout: 30_000 });
    const leaves = await admin.request<{ _conflicts?: string[]; data: SelfDocData }>('GET', `/${unitDb}/self%3A${UNIT_ID}`, undefined, { conflicts: true });
    expect([leaves._conflicts?.length, leaves.data.items[0]?.score]).toEqual([1, 1]);
    await syncUnitDatabases(admin, DB);
    const onServer = () => admin.request<{ data: SelfDocData; _conflicts?: string[] }>('GET', `/${DB}/self%3A${UNIT_ID}`, undefined, { conflicts: true });
    expect((await onServer())._conflicts).toHaveLength(1);

    // the office's browser, syncing as the coordinator, shows both versions in the conflicts view
    officeProfile = newProfileDir('office-self-conflict');
    office = await launch(officeProfile);
    const page = office.page;
    await openApp(page, front.url);
    await navTo(page, 'export');
    // logged in to sync as an assessor, the choice is barred: the server takes only a coordinator's
    await logInToSync(page, front, DB, 'zhao', 'pw-zhao');
    const row = page.locator('[data-testid="self-conflict-row"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await page.textContent('[data-testid="self-conflicts-barred"]')).toContain('同步账号“zhao”不是协调人');
    expect(await page.isDisabled('[data-testid="self-conflicts-apply"]')).toBe(true);
    await page.evaluate(() => document.querySelector('[data-testid="self-conflicts"]')!.scrollIntoView({ block: 'start' }));
    await screenshots(page, 'self-conflict-barred');
    await page.click('[data-testid="sync-disable"]');
    await page.waitForSelector('[data-testid="sync-enable"]');
    expect(await page.locator('[data-testid="self-conflicts-barred"]').count()).toBe(0);
    await logInToSync(page, front, DB, 'office', 'pw-office');
    await row.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="self-conflicts-barred"]').count()).toBe(0);
    expect(await row.locator('td').first().textContent()).toBe('兰州市');
    const sides = row.locator('td.conflict-side');
    expect(await sides.count()).toBe(2);
    const texts = await sides.allTextContents();
    const older = texts.findIndex((x) => x.includes('台账不全，待补'));
    expect(older).toBeGreaterThanOrEqual(0);
    expect(texts[1 - older]).toContain('舆情回应台账齐全');
    // until the coordinator chooses, the later version counts here, and says so
    expect(texts[1 - older]).toContain('本机现按此版本');
    await page.evaluate(() => document.querySelector('[data-testid="self-conflicts"]')!.scrollIntoView({ block: 'start' }));
    await screenshots(page, 'self-conflict');

    // choosing nothing is refused; the older version is chosen and written back
    await page.click('[data-testid="self-conflicts-apply"]');
    expect(await page.textContent('[data-testid="self-conflicts-message"]')).toBe('请为每个单位选定一个版本。');
    await committed(page, async () => {
      await sides.nth(older).locator('input[type="radio"]').check();
      await page.click('[data-testid="self-conflicts-apply"]');
    });
    await page.waitForSelector('[data-testid="self-conflicts-message"].ok');
    // written by the office's user, closing the other version
    const closed = async () => {
      const d = await onServer();
      return [d._conflicts ?? [], d.data.items, d.data.updatedBy];
    };
    await expect.poll(closed, { timeout: 30_000 }).toEqual([[], [{ node: NODE, score: 1, explanation: '台账不全，待补' }], '考核管理员']);
    await syncStateIs(page, 'synced');
    expect(await page.locator('[data-testid="self-conflict-row"]').count()).toBe(0);
  }, 180_000);
});
