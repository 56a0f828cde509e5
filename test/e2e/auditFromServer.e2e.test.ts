/**
 * The 修改记录 page marks a record received from the sync server as made on another computer (with the
 * login that sent it on hover), beside the records made here. The record is put into the browser's
 * database as the sync stores one (test/app/syncRecords.test.ts covers the way there from the server).
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './harness';
import { appSession } from './session';

describe('audit records from another computer', () => {
  const s = appSession('auditFrom');

  it('are marked 其他电脑 in the audit page', async () => {
    const { page } = s.browser;
    await page.waitForSelector('[data-testid="nav-audit"]');
    await page.evaluate(
      () =>
        new Promise<void>((ok, fail) => {
          const open = indexedDB.open('zwgk-kaohe');
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const idb = open.result;
            const read = idb.transaction('assessments').objectStore('assessments').getAll();
            read.onsuccess = () => {
              const assessmentId = (read.result as { id: string }[])[0]!.id;
              const tx = idb.transaction('audit', 'readwrite');
              tx.objectStore('audit').add({ assessmentId, at: new Date().toISOString(), who: '李华', action: 'assessment.stage', before: null, after: { stage: 'consultation' }, why: '进入征求意见', from: 'a2' });
              tx.oncomplete = () => ok();
              tx.onerror = () => fail(tx.error);
            };
          };
        }),
    );
    await page.click('[data-testid="nav-audit"]');
    await page.waitForSelector('[data-testid="audit-from"]');
    const marks = await page.$$('[data-testid="audit-from"]');
    expect(marks).toHaveLength(1);
    expect(await marks[0]!.textContent()).toBe('其他电脑');
    expect(await marks[0]!.getAttribute('title')).toBe('在其他电脑上记录，由账号 a2 同步到服务器');
    await screenshots(page, 'audit-from-server');
  });
});
