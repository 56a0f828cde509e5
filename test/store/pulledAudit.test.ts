/**
 * Audit records pulled from the sync server are stored once each, marked with their sender, and matched
 * only with the records here of the same time (the `[assessmentId+at]` index of version 7), not with the
 * whole log of the assessment.
 */
import type { DBCore } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord, SyncEntity } from '../../src/sync/couch/docs';
import { applyPulled, auditLog, loadBundleAsNewAssessment, saveEntry, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { freshDb } from './testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

/** A database that counts the audit rows its reads hand out (by query or cursor). */
function countingDb(read: { rows: number }): KaoheDb {
  const db = freshDb();
  dbs.push(db);
  db.use({
    stack: 'dbcore',
    name: 'countAuditRows',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const t = down.table(name);
        if (name !== 'audit') return t;
        return {
          ...t,
          query: (req) =>
            t.query(req).then((res) => {
              if (req.values) read.rows += res.result.length;
              return res;
            }),
          openCursor: (req) =>
            t.openCursor(req).then(
              (c) =>
                c &&
                (Object.create(c, {
                  value: {
                    get() {
                      read.rows += 1;
                      return c.value;
                    },
                  },
                }) as typeof c),
            ),
        };
      },
    }),
  });
  return db;
}

const record = (at: string, why: string): AuditRecord => ({ at, who: '李四', action: 'entry.save', entryId: 'u1:basic:as2', unitId: 'u1', node: 'basic', before: null, after: { value: 3 }, why, by: 'as2' });
const pulled = (...records: AuditRecord[]): SyncEntity[] => records.map((data) => ({ kind: 'audit', data }));

describe('audit records pulled by sync', () => {
  it('are stored once each with their sender, whatever else the log holds', async () => {
    const read = { rows: 0 };
    const db = countingDb(read);
    await loadBundleAsNewAssessment(db, makeBundle({ assessment: { id: A } }));
    for (let i = 0; i < 40; i++) await saveEntry(db, A, makeEntry({ id: 'u1:basic:as1', value: i % 10, rev: i + 1 }), '张三');
    const before = (await auditLog(db, A)).length;

    read.rows = 0;
    const first = pulled(record('2026-12-01T08:00:00.000Z', '复核'), record('2026-12-01T08:00:00.000Z', '再核'), record('2026-12-02T09:00:00.000Z', '复核'));
    expect(await applyPulled(db, A, first, '同步')).toBeNull();
    // the 41 records made here have other times: none of them was read to match
    expect(read.rows).toBe(0);
    const log = await auditLog(db, A);
    expect(log).toHaveLength(before + 3);
    expect(log.filter((r) => r.from === 'as2').map((r) => r.why).sort()).toEqual(['再核', '复核', '复核']);

    // the same records again, and one new at a time already here: only the new one is added
    read.rows = 0;
    expect(await applyPulled(db, A, [...first, ...pulled(record('2026-12-02T09:00:00.000Z', '三核'))], '同步')).toBeNull();
    expect(read.rows).toBe(3);
    const again = await auditLog(db, A);
    expect(again).toHaveLength(before + 4);
    expect(again.filter((r) => r.why === '三核')).toHaveLength(1);
  });
});
