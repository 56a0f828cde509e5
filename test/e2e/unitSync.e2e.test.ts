/**
 * 自评 through the server: 兰州市 opens its self-assessment package in a browser of its own, turns on
 * sync with its unit's database (named by `setup`) under its unit login, and fills in a self score;
 * the score and a screenshot attached as material arrive in the unit's database (the file as an
 * attachment of the self document), and after one `fan-out` pass in the assessment's database.
 * The app and the server share one origin, as behind the office's nginx (docs/sync.md).
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
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

/** The app and, under /couchdb/, the CouchDB: one origin. */
async function sameOrigin(app: StaticServer, couch: CouchServer): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const upstream = new URL(path.startsWith('/couchdb/') ? couch.url : app.url);
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: path.startsWith('/couchdb/') ? path.slice('/couchdb'.length) : path, method: req.method, headers: { ...req.headers, host: upstream.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

describe("a unit's self-assessment synced with its own database", () => {
  let app: StaticServer;
  let couch: CouchServer;
  let front: { url: string; close(): Promise<void> };
  let admin: CouchClient;
  let unit: RunningBrowser | undefined;
  let profile = '';
  let packagePath = '';

  beforeAll(async () => {
    app = await startServer();
    couch = await startCouchServer();
    front = await sameOrigin(app, couch);
    const parsed = parseBundle(readFileSync('public/demo/demo-bundle.json', 'utf8'), 'demo-bundle.json');
    if (!parsed.ok) throw new Error('demo bundle does not parse');
    const b = parsed.bundle;
    admin = new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    await setupServer(admin, DB, [{ name: 'lanzhou', password: 'pw-lz', roles: ['unit', `unit:${UNIT_ID}`] }], entitiesOfBundle(b));
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
    await front?.close();
    await couch?.close();
    await app?.close();
    if (profile) removeProfile(profile);
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
});
