/**
 * The shell's live model against the plain way: after every kind of change, what it shows equals a full
 * read of the database scored from scratch — whether the change came pack by pack or as a whole.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDemoBundle } from '../../src/cli/demoBundle';
import {
  applyEntryChanges,
  applyPulled,
  deleteUnit,
  importBundle,
  loadAssessmentData,
  loadAssessmentFrame,
  loadBundleAsNewAssessment,
  saveEntries,
  saveEntry,
  upsertUnits,
  type KaoheDb,
} from '../../src/store/repo';
import type { ScoreEntry } from '../../src/engine';
import { AssessmentModel } from '../../src/app/assessmentModel';
import { computeView, type AssessmentView } from '../../src/app/assessmentView';
import { freshDb } from '../store/testDb';

const bundle = makeDemoBundle();
const A = bundle.assessment.id;
let db: KaoheDb;
let model: AssessmentModel | undefined;

afterEach(() => {
  model?.dispose();
  db?.close();
});

/** Resolves once the model shows a view for which `ready` holds. */
function shown(m: AssessmentModel, ready: (v: AssessmentView) => boolean): Promise<AssessmentView> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = m.getSnapshot();
      if (s.status === 'error') reject(s.error);
      else if (s.status === 'ready' && s.value && ready(s.value)) {
        stop();
        resolve(s.value);
      }
    };
    const stop = m.subscribe(check);
    check();
  });
}

/** The same as reading everything again and scoring it from scratch. */
async function expectFresh(v: AssessmentView): Promise<void> {
  const full = computeView(await loadAssessmentData(db, A));
  expect(v.data.entries).toEqual(full.data.entries);
  expect(Object.fromEntries(v.entriesByUnit)).toEqual(Object.fromEntries(full.entriesByUnit));
  expect(v.data.units).toEqual(full.data.units);
  expect(v.groups.map((g) => g.result)).toEqual(full.groups.map((g) => g.result));
  expect(v.circular).toEqual(full.circular);
}

async function open(): Promise<AssessmentModel> {
  db = freshDb();
  await loadBundleAsNewAssessment(db, bundle);
  const m = new AssessmentModel(db, A);
  m.setFrame(await loadAssessmentFrame(db, A));
  await expectFresh(await shown(m, () => true));
  return m;
}

/** Counts the reads of packs by range (a full read) from now on. */
function countPackRanges(): { n: number } {
  const ranges = { n: 0 };
  db.use({
    stack: 'dbcore',
    name: 'countPackRanges',
    create: (down) => ({
      ...down,
      table(name) {
        const t = down.table(name);
        if (name !== 'unitPacks') return t;
        return { ...t, query: (req) => ((ranges.n += 1), t.query(req)), openCursor: (req) => ((ranges.n += 1), t.openCursor(req)), count: (req) => ((ranges.n += 1), t.count(req)) };
      },
    }),
  });
  return ranges;
}

const entryOf = (v: AssessmentView, unitId: string, node: string, assessorId: string) =>
  v.entriesByUnit.get(unitId)?.find((e) => e.node === node && e.assessorId === assessorId && e.objectId === undefined);

describe('the live assessment model', () => {
  it('follows a saved score, a paste and a delete pack by pack, equal to a full read each time', async () => {
    model = await open();
    const first = model.getSnapshot();
    const someone = bundle.entries.find((e) => e.value !== undefined && e.objectId === undefined)!;
    const raised: ScoreEntry = { ...someone, value: someone.value === 0 ? 1 : 0 };
    await saveEntry(db, A, raised, '张敏');
    let v = await shown(model, (x) => entryOf(x, someone.unitId, someone.node, someone.assessorId)?.value === raised.value);
    await expectFresh(v);
    // units the save did not touch keep their entry lists
    const other = bundle.units.find((u) => u.id !== someone.unitId)!;
    expect(first.status === 'ready' && first.value?.entriesByUnit.get(other.id)).toBe(v.entriesByUnit.get(other.id));

    const paste = bundle.entries.filter((e) => e.value !== undefined && e.objectId === undefined).slice(0, 12).map((e) => ({ ...e, value: 0 }));
    await saveEntries(db, A, paste, '张敏');
    v = await shown(model, (x) => paste.every((p) => entryOf(x, p.unitId, p.node, p.assessorId)?.value === 0));
    await expectFresh(v);

    const gone = paste[0]!;
    await applyEntryChanges(db, A, [], [gone], '张敏', '撤销');
    v = await shown(model, (x) => entryOf(x, gone.unitId, gone.node, gone.assessorId) === undefined);
    await expectFresh(v);
  });

  it('scores every group again when the setup changes, and reads everything again after a range delete', async () => {
    model = await open();
    const unit = bundle.units[0]!;
    await upsertUnits(db, A, [{ ...unit, name: `${unit.name}（改）` }], '办公室');
    model.setFrame(await loadAssessmentFrame(db, A));
    await expectFresh(await shown(model, (x) => x.data.units.some((u) => u.name === `${unit.name}（改）`)));

    // deleting a unit deletes its packs by key; the frame follows
    await deleteUnit(db, A, unit.id, '办公室');
    model.setFrame(await loadAssessmentFrame(db, A));
    await expectFresh(await shown(model, (x) => !x.entriesByUnit.has(unit.id) && !x.data.units.some((u) => u.id === unit.id)));
  });

  it('takes in an import of many entries', async () => {
    model = await open();
    const changed = bundle.entries.filter((e) => e.value !== undefined && e.value !== 0 && e.objectId === undefined).slice(0, 40);
    const incoming = { ...bundle, entries: changed.map((e) => ({ ...e, value: 0, rev: e.rev + 1 })) };
    const report = await importBundle(db, A, incoming, '办公室');
    expect(report.updated).toBe(40); // the same authors' later revisions
    const v = await shown(model, (x) => changed.every((c) => entryOf(x, c.unitId, c.node, c.assessorId)?.rev === c.rev + 1));
    await expectFresh(v);
  });

  it('takes in a pulled sync batch by reading its one pack again, not every entry', async () => {
    model = await open();
    const first = model.getSnapshot();
    const ranges = countPackRanges();
    const someone = bundle.entries.find((e) => e.value !== undefined && e.objectId === undefined)!;
    const pulled: ScoreEntry = { ...someone, value: someone.value === 0 ? 1 : 0, rev: someone.rev + 1 };
    expect(await applyPulled(db, A, [{ kind: 'entry', data: pulled }], '李华')).toBeNull();
    const v = await shown(model, (x) => entryOf(x, someone.unitId, someone.node, someone.assessorId)?.value === pulled.value);
    expect(ranges.n).toBe(0);
    const other = bundle.units.find((u) => u.id !== someone.unitId)!;
    expect(first.status === 'ready' && first.value?.entriesByUnit.get(other.id)).toBe(v.entriesByUnit.get(other.id));
    await expectFresh(v);
  });

  it('reads nothing again when another assessment of many packs is opened', async () => {
    model = await open();
    const before = model.getSnapshot();
    const ranges = countPackRanges();
    // more than 49 packs: Dexie tells the write only as "anything may have changed"
    const other = { ...bundle, assessment: { ...bundle.assessment, id: 'last-year', name: '上一年度' } };
    expect(new Set(other.entries.map((e) => `${e.unitId}/${e.assessorId}`)).size).toBeGreaterThan(49);
    await loadBundleAsNewAssessment(db, other);
    await new Promise((r) => setTimeout(r, 300));
    expect(ranges.n).toBe(0);
    expect(model.getSnapshot()).toBe(before);
  });

  it('scores nothing again for a setup read again unchanged, as after another year with the same rule set is opened', async () => {
    model = await open();
    const before = model.getSnapshot();
    await loadBundleAsNewAssessment(db, { ...bundle, assessment: { ...bundle.assessment, id: 'last-year', name: '上一年度' } });
    // the live read is read again: the same rule sets were written
    model.setFrame(await loadAssessmentFrame(db, A));
    await new Promise((r) => setTimeout(r, 300));
    expect(model.getSnapshot()).toBe(before);
    // a change to the assessment row alone still shows
    await db.assessments.update(A, { name: '改名后的考核' });
    model.setFrame(await loadAssessmentFrame(db, A));
    const v = await shown(model, (x) => x.data.assessment.name === '改名后的考核');
    await expectFresh(v);
  });

  it('shows the setup read after a failed read, even when it is the one shown before', async () => {
    model = await open();
    model.fail(new Error('读取失败'));
    await expect(shown(model, () => false)).rejects.toThrow('读取失败');
    model.setFrame(await loadAssessmentFrame(db, A));
    await new Promise<void>((resolve) => {
      const stop = model!.subscribe(() => model!.getSnapshot().status === 'ready' && (stop(), resolve()));
    });
    const s = model.getSnapshot();
    await expectFresh(s.status === 'ready' ? s.value! : (undefined as never));
  });

  it('reads everything again after a write of many packs of its own', async () => {
    model = await open();
    const changed = bundle.entries.filter((e) => e.value !== undefined && e.value !== 0 && e.objectId === undefined);
    expect(new Set(changed.map((e) => `${e.unitId}/${e.assessorId}`)).size).toBeGreaterThan(49);
    const incoming = { ...bundle, entries: changed.map((e) => ({ ...e, value: 0, rev: e.rev + 1 })) };
    await importBundle(db, A, incoming, '办公室');
    const v = await shown(model, (x) => changed.every((c) => entryOf(x, c.unitId, c.node, c.assessorId)?.rev === c.rev + 1));
    await expectFresh(v);
  });
});
