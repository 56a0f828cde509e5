import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KaoheDb } from '../../src/store/database';
import { NewerDatabaseError } from '../../src/store/errors';
import { openDatabase } from '../../src/store/versionGuard';
import { fakeIdb } from './testDb';

/** What a later release might store: version 12, one store dropped, one added, with a row in it. */
async function makeNewerDatabase(name: string): Promise<void> {
  const later = new Dexie(name, fakeIdb);
  later.version(12).stores({
    assessments: 'id, year, status',
    ruleSets: 'hash, id',
    units: '[assessmentId+id], assessmentId, group',
    assessors: '[assessmentId+id], assessmentId',
    audit: '++seq, assessmentId',
    snapshots: '++id, assessmentId',
    meta: 'key',
    entryPacks: '[assessmentId+unitId+assessorId], assessmentId, [assessmentId+assessorId]',
    removals: '[assessmentId+id], assessmentId',
    evidence: 'id',
  });
  await later.table('evidence').add({ id: 'e1', note: '截图' });
  later.close();
}

/** The database as stored: native version, store names, and the added store's rows. */
async function stored(name: string) {
  const raw = new Dexie(name, fakeIdb);
  await raw.open();
  const state = { version: raw.verno, stores: raw.tables.map((t) => t.name).sort(), evidence: await raw.table('evidence').toArray() };
  raw.close();
  return state;
}

describe('a database saved by a newer version of the app', () => {
  it('is refused with the versions named, and nothing in it changes', async () => {
    const name = `newer-${Date.now()}`;
    await makeNewerDatabase(name);
    const before = await stored(name);
    const db = new KaoheDb(name, fakeIdb);
    const opened = openDatabase(db);
    await expect(opened).rejects.toBeInstanceOf(NewerDatabaseError);
    await expect(opened).rejects.toMatchObject({ code: 'newer', found: 12, supported: 11 });
    db.close();
    expect(await stored(name)).toEqual(before);
  });

  it('a database of this version or an older one opens, and a missing one is created', async () => {
    const fresh = new KaoheDb(`fresh-${Date.now()}`, fakeIdb);
    await openDatabase(fresh);
    expect(fresh.isOpen()).toBe(true);
    expect(fresh.verno).toBe(11);
    fresh.close();
  });

  it('tells, before opening, that a database of an older release is brought up to this one, and only then', async () => {
    const name = `older-${Date.now()}`;
    const older = new Dexie(name, fakeIdb);
    older.version(9).stores({ assessments: 'id, year, status' });
    await older.open();
    older.close();
    const heard: [number, number][] = [];
    const db = new KaoheDb(name, fakeIdb);
    await openDatabase(db, (from, to) => heard.push([from, to]));
    expect(heard).toEqual([[9, 11]]);
    db.close();
    // opened again (now this release's version), and a database not there yet: nothing to bring up
    const again = new KaoheDb(name, fakeIdb);
    await openDatabase(again, (from, to) => heard.push([from, to]));
    const fresh = new KaoheDb(`fresh-${Date.now()}`, fakeIdb);
    await openDatabase(fresh, (from, to) => heard.push([from, to]));
    expect(heard).toEqual([[9, 11]]);
    again.close();
    fresh.close();
  });
});
