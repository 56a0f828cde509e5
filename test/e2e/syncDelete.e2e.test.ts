/**
 * Deleting a synced assessment in the browser: its replication stops first, and what this machine kept
 * about syncing it (settings, replication state) goes with it. A change on the server afterwards wakes
 * nothing here: no sync setting or state of it comes back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed } from './appDriver';
import { launch, navTo, newProfileDir, openApp, removeProfile, screenshots, startServer, type RunningBrowser } from './harness';
import type { StaticServer } from './staticServer';
import { ADMIN, startCouchServer, type CouchServer } from '../couch/couchServer';
import { CouchClient } from '../../src/sync/couch/http';
import { toDoc } from '../../src/sync/couch/docs';
import { demoBundle, logInToSync, publishDemo, sameOrigin, type Front } from './syncMachines';

const DB = 'kaohe-delete';

/** The keys of this machine's `meta` store that name the assessment's sync (read straight from IndexedDB). */
const syncKeys = (page: Page, assessmentId: string) =>
  page.evaluate(
    (id) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('zwgk-kaohe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('meta', 'readonly').objectStore('meta').getAllKeys();
          req.onsuccess = () => {
            resolve((req.result as string[]).filter((k) => k.startsWith('sync.') && k.includes(id)));
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    assessmentId,
  );

describe('deleting a synced assessment', () => {
  let app: StaticServer;
  let couch: CouchServer;
  let front: Front;
  let browser: RunningBrowser | undefined;
  let profile = '';

  beforeAll(async () => {
    app = await startServer();
    couch = await startCouchServer();
    front = await sameOrigin(app, couch);
    await publishDemo(couch, DB, [{ name: 'a1', password: 'pw-a1', roles: ['assessor'] }]);
  });

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await couch?.close();
    await app?.close();
    if (profile) removeProfile(profile);
  });

  it('stops its replication and leaves no sync settings or state of it', async () => {
    const demo = demoBundle();
    const id = demo.assessment.id;
    profile = newProfileDir('sync-delete');
    browser = await launch(profile);
    const { page } = browser;
    await openApp(page, front.url);
    // a second assessment (next year's, copied), so the demo may be deleted; then back to the demo
    await navTo(page, 'setup');
    await page.click('[data-testid="year-copy"]');
    await page.waitForSelector('[data-testid="year-copy-dialog"]');
    await page.fill('[data-testid="year-name"]', '示例省2025年度政务公开工作考核');
    await committed(page, () => page.click('[data-testid="year-copy-create"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-picker"] option:checked')).toContain('2025');
    await page.selectOption('[data-testid="assessment-picker"]', id);
    await expect.poll(() => page.textContent('[data-testid="assessment-picker"] option:checked')).toContain(demo.assessment.name);
    await navTo(page, 'export');
    await logInToSync(page, front, DB, 'a1', 'pw-a1');
    const before = await syncKeys(page, id);
    expect(before).toContain(`sync.settings:${id}`);
    expect(before).toContain(`sync.state:${id}`);
    expect(before.filter((k) => k.startsWith(`sync.synced:${id}:`)).length).toBeGreaterThanOrEqual(16);

    await navTo(page, 'setup');
    await page.click('[data-testid="year-delete"]');
    await page.waitForSelector('[data-testid="year-delete-dialog"]');
    await page.fill('[data-testid="year-delete-typed"]', demo.assessment.name);
    await committed(page, () => page.click('[data-testid="year-delete-confirm"]'));
    await expect.poll(() => page.textContent('[data-testid="assessment-picker"] option:checked')).toContain('示例省2025年度政务公开工作考核');
    await page.waitForSelector('[data-testid="sync-state"]', { state: 'detached', timeout: 15_000 });
    expect(await syncKeys(page, id)).toEqual([]);

    // a change on the server: a replication still running would pull it and write its state again
    const admin = new CouchClient(couch.url, { basic: `${ADMIN.name}:${ADMIN.password}` });
    const entry = demo.entries[0]!;
    const docId = `entry:${entry.id}`;
    const { _rev } = await admin.request<{ _rev: string }>('GET', `/${DB}/${encodeURIComponent(docId)}`);
    await admin.request('PUT', `/${DB}/${encodeURIComponent(docId)}`, { ...toDoc({ kind: 'entry', data: { ...entry, rev: entry.rev + 1, updatedBy: '协调人' } }), _rev });
    const seen = couch.seen.length;
    await page.waitForTimeout(3000);
    expect(couch.seen.slice(seen).filter((r) => r.url.startsWith(`/${DB}/`))).toEqual([]);
    expect(await syncKeys(page, id)).toEqual([]);
    await screenshots(page, 'sync-delete');
  }, 120_000);
});
