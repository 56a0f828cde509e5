import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/appError';
import { inputsHash } from '../../src/app/inputsHash';
import { lockAssessment, verifyLock } from '../../src/app/lock';
import { KaoheDb } from '../../src/store/database';
import { getAssessment, latestSnapshot, loadAssessmentData, loadBundleAsNewAssessment, LockedError, saveEntry } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { fakeIdb, freshDb } from '../store/testDb';

const A = 'a-2024';
const open: KaoheDb[] = [];

/** This tab's connection and another tab's, on the same database. */
async function twoTabs(): Promise<[KaoheDb, KaoheDb]> {
  const here = freshDb();
  await loadBundleAsNewAssessment(here, makeBundle({ entries: [makeEntry({ id: 'e1', value: 6 })] }));
  const there = new KaoheDb(here.name, fakeIdb);
  open.push(here, there);
  return [here, there];
}

const storedHash = async (db: KaoheDb) => {
  const data = await loadAssessmentData(db, A);
  return inputsHash({ groups: data.assessment.groups, units: data.units, assessors: data.assessors, entries: data.entries });
};

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('lockAssessment', () => {
  it('locks the inputs as stored, with the hash that verifying recomputes', async () => {
    const [here] = await twoTabs();
    const locked = await lockAssessment(here, A, 'coordinator');
    expect(locked.attempts).toBe(1);
    expect((await getAssessment(here, A)).status).toBe('locked');
    expect(await verifyLock(here, A)).toEqual({ kind: 'same', hash: locked.inputsHash });
  });

  it('starts over when another tab saves between the read and the lock, and locks the edit with its hash', async () => {
    const [here, there] = await twoTabs();
    const before = await storedHash(here);
    let edits = 0;
    const locked = await lockAssessment(here, A, 'coordinator', {
      afterScoring: async () => {
        // the other tab saves once, after this tab has read and scored the inputs
        if (edits++ === 0) await saveEntry(there, A, makeEntry({ id: 'e1', value: 9 }), 'as1');
      },
    });
    expect(locked.attempts).toBe(2);
    const snapshot = await latestSnapshot(here, A);
    expect(snapshot?.inputsHash).toBe(locked.inputsHash);
    // the pinned hash is that of the inputs with the edit, not of those first read
    expect(locked.inputsHash).not.toBe(before);
    expect(locked.inputsHash).toBe(await storedHash(there));
    expect(await verifyLock(there, A)).toEqual({ kind: 'same', hash: locked.inputsHash });
  });

  it('refuses, locking nothing, when edits keep arriving at every attempt', async () => {
    const [here, there] = await twoTabs();
    let value = 0;
    const attempt = lockAssessment(here, A, 'coordinator', {
      afterScoring: async () => {
        value += 1;
        await saveEntry(there, A, makeEntry({ id: 'e1', value }), 'as1');
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'entry.lock.busy' });
    expect((await getAssessment(here, A)).status).toBe('open');
    expect(await latestSnapshot(here, A)).toBeUndefined();
  });

  it('refuses an edit from another tab once the lock is written', async () => {
    const [here, there] = await twoTabs();
    await lockAssessment(here, A, 'coordinator');
    await expect(saveEntry(there, A, makeEntry({ id: 'e1', value: 9 }), 'as1')).rejects.toBeInstanceOf(LockedError);
    expect((await verifyLock(here, A)).kind).toBe('same');
  });
});
