/**
 * A bundle session from reading to storing, as the worker runs it (no worker in Node: startBundleSession
 * runs the same BundleSession on this thread). The page gets a summary, never the bundle; a merge is
 * planned, shown and applied where the file was read; a cancel while planning stores nothing and ends
 * the session; a locked assessment is refused with the store's own error, nothing changed.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCancelled, startBundleSession, type BundleSessionRun } from '../../src/app/bundleSessionRun';
import { lockAssessment } from '../../src/app/lock';
import { serializeBundle } from '../../src/formats/bundle';
import type { Bundle } from '../../src/model/assessment';
import { contentHash } from '../../src/sync/contentHash';
import { getCurrentAssessmentId, listAssessments, loadAssessmentData, loadBundleAsNewAssessment, LockedError, type KaoheDb } from '../../src/store/repo';
import { makeBundle, makeEntry } from '../fixtures/bundles';
import { ENTRIES, UNITS, children, rules } from '../engine/change/changeFixtures';
import { dump, freshDb } from '../store/testDb';

const A = 'a-2024';
const dbs: KaoheDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

function fresh(): KaoheDb {
  const db = freshDb();
  dbs.push(db);
  return db;
}

const fileOf = (b: Bundle, name = 'sheets.json') => new File([serializeBundle(b)], name);
const assessors = [{ id: 'as1', name: '张三', owns: [] }];
const here = () => makeBundle({ ruleSet: rules(), units: UNITS, entries: ENTRIES, assessors });
/** the file: one new entry; with `lowered`, scored under a rule set whose basic max is 2.5 (甲市 has 3.5) */
const incoming = (lowered = false) =>
  makeBundle({
    ruleSet: lowered ? rules((r) => Object.assign(children(r)[0]!, { max: 2.5 })) : rules(),
    units: UNITS,
    assessors,
    entries: [makeEntry({ id: 'e9', unitId: 'u2', node: 'guide', value: undefined, checks: { complete: true, search: true } })],
  });

function session(db: KaoheDb, file: File): { run: BundleSessionRun; stages: string[] } {
  const stages: string[] = [];
  const run = startBundleSession(db, file, (s) => stages.push(s.stage));
  return { run, stages };
}

describe('a bundle session', () => {
  it('reads a file into a summary, opens it where it was read and makes it the open one', async () => {
    const db = fresh();
    const { run, stages } = session(db, fileOf(here()));
    expect(run.inWorker).toBe(false);
    const read = await run.read;
    expect(read).toEqual({ ok: true, summary: { assessment: { id: A, name: here().assessment.name, year: 2024 }, units: UNITS.length, entries: ENTRIES.length, attachments: 0 } });
    const opened = await run.open(false, '协调人');
    expect(opened).toMatchObject({ id: A, locked: false });
    expect(await getCurrentAssessmentId(db)).toBe(A);
    expect((await loadAssessmentData(db, A)).entries.map((e) => e.id)).toEqual(ENTRIES.map((e) => e.id).sort());
    expect(stages[0]).toBe('read');
    expect(stages).toContain('check');
    expect(stages.at(-1)).toBe('store');
  });

  it('names the assessment already here, so a copy or a merge can be asked for', async () => {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    const read = await session(db, fileOf(incoming())).run.read;
    expect(read.ok && read.summary.local?.id).toBe(A);
  });

  it('gives a bad file’s problems with their places and stores nothing', async () => {
    const db = fresh();
    const bad = { ...here(), entries: [makeEntry({ id: 'e1', unitId: 'u-none' })] };
    const read = await session(db, fileOf(bad)).run.read;
    expect(read.ok).toBe(false);
    expect(!read.ok && 'errors' in read && read.errors.map((e) => e.path)).toEqual(['entryPacks[0].unitId']);
    expect(await listAssessments(db)).toEqual([]);
  });

  it('merges a file with the same rule set: planned without a change, applied where it was read', async () => {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    const { run } = session(db, fileOf(incoming()));
    await run.read;
    const plan = await run.planMerge(A);
    if (isCancelled(plan)) throw new Error('not cancelled');
    expect(plan.ruleChanges).toEqual([]);
    expect(plan.refused).toBeUndefined();
    expect('input' in plan).toBe(false);
    expect(await run.applyMerge({}, '协调人')).toMatchObject({ merged: true, ruleSetsChanged: 0, report: { added: 1 } });
    expect((await loadAssessmentData(db, A)).entries.some((e) => e.id === 'e9')).toBe(true);
  });

  it('shows the impact of the file’s rule set, then clamps and merges in one go', async () => {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    const { run } = session(db, fileOf(incoming(true)));
    await run.read;
    const plan = await run.planMerge(A);
    if (isCancelled(plan)) throw new Error('not cancelled');
    expect(plan.ruleChanges.map((c) => c.kinds)).toEqual([[{ kind: 'aboveMax', count: 1 }]]);
    expect(plan.unitNames.u1).toBe(UNITS[0]!.name);
    expect(await run.applyMerge({ city: { aboveMax: 'clamp' } }, '协调人')).toMatchObject({ merged: true, ruleSetsChanged: 1 });
    const data = await loadAssessmentData(db, A);
    expect(data.assessment.groups[0]!.ruleSetHash).toBe(contentHash(incoming(true).ruleSets[0]!));
    expect(data.entries.find((e) => e.id === 'e1')?.value).toBe(2.5);
  });

  it('refuses a file of another assessment at the plan, before any dialog, nothing stored', async () => {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    const other = makeBundle({ ...incoming(), assessment: { id: 'a-other' }, ruleSet: rules(), units: UNITS, assessors, entries: [] });
    const { run } = session(db, fileOf(other));
    await run.read;
    const before = await dump(db);
    const plan = await run.planMerge(A);
    expect(!isCancelled(plan) && plan.refused).toBeTruthy();
    expect(await dump(db)).toEqual(before);
  });

  it('stops while planning: the plan answers cancelled, nothing is stored, and no later step runs', async () => {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    const { run } = session(db, fileOf(incoming(true)));
    await run.read;
    const before = await dump(db);
    const planning = run.planMerge(A);
    run.cancel();
    expect(isCancelled(await planning)).toBe(true);
    await expect(run.applyMerge({ city: { aboveMax: 'clamp' } }, '协调人')).rejects.toThrow('cancelled');
    expect(await dump(db)).toEqual(before);
  });

  it('refuses a merge into a locked assessment with the store’s error, nothing changed', async () => {
    const db = fresh();
    await loadBundleAsNewAssessment(db, here());
    await lockAssessment(db, A, '协调人');
    const { run } = session(db, fileOf(incoming(true)));
    await run.read;
    const plan = await run.planMerge(A);
    expect(!isCancelled(plan) && plan.ruleChanges[0]!.locked).toBe(true);
    const before = await dump(db);
    await expect(run.applyMerge({ city: { aboveMax: 'clamp' } }, '协调人')).rejects.toBeInstanceOf(LockedError);
    expect(await dump(db)).toEqual(before);
  });
});
