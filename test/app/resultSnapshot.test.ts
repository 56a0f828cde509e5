/**
 * The stored results snapshot on opening: a large assessment shows it at once (what the ranking draws,
 * as the engine scored it), then the live results; after any change to the inputs it is never shown.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { synthetic } from '../../bench/synthetic';
import { makeBundle, parseBundle, serializeBundle } from '../../src/formats/bundle';
import { compileRuleSet, scoreCompiledGroup } from '../../src/engine';
import { loadAssessmentData, loadBundleAsNewAssessment, loadAssessmentFrame, saveEntry, upsertUnits, type KaoheDb } from '../../src/store/repo';
import { AssessmentModel } from '../../src/app/assessmentModel';
import { computeView, type AssessmentView } from '../../src/app/assessmentView';
import { handleFirstResultsRequest, storedFirstResults } from '../../src/app/firstResults';
import { shownNodeKeys, trimGroupResult } from '../../src/app/resultSnapshot';
import { freshDb } from '../store/testDb';

const A = 'big';
let db: KaoheDb;
let model: AssessmentModel | undefined;

afterEach(() => {
  model?.dispose();
  db?.close();
});

/** 200 units × 3 assessors: 600 packs, the size from which results are shown first. */
async function largeAssessment(): Promise<void> {
  const s = synthetic(200, 6, 3);
  db = freshDb();
  const bundle = makeBundle({
    assessment: { id: A, name: '较大考核', year: 2025, status: 'open' },
    ruleSets: [s.ruleSet],
    units: s.units,
    assessors: s.assessors,
    entries: s.entries,
    exportedAt: '2025-01-01T00:00:00.000Z',
  });
  const parsed = parseBundle(serializeBundle(bundle), 'big.json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  await loadBundleAsNewAssessment(db, parsed.bundle);
}

/** Every view the model publishes, from its first. */
function views(m: AssessmentModel): AssessmentView[] {
  const seen: AssessmentView[] = [];
  m.subscribe(() => {
    const s = m.getSnapshot();
    if (s.status === 'ready' && s.value) seen.push(s.value);
  });
  return seen;
}

async function open(): Promise<{ seen: AssessmentView[]; loaded: AssessmentView }> {
  model = new AssessmentModel(db, A);
  const seen = views(model);
  model.setFrame(await loadAssessmentFrame(db, A));
  const loaded = await new Promise<AssessmentView>((resolve, reject) => {
    const check = () => {
      const s = model!.getSnapshot();
      if (s.status === 'error') reject(s.error);
      else if (s.status === 'ready' && s.value && !s.value.loading) resolve(s.value);
    };
    model!.subscribe(check);
    check();
  });
  return { seen, loaded };
}

const rows = (v: AssessmentView) => v.groups.map((g) => g.result.units.map((u) => [u.unitId, u.rank, u.display, u.tierName, u.complete, u.missing.length, u.vetoes.length]));

describe('the stored results snapshot on opening', () => {
  it('keeps what the ranking draws of every unit: rank, total, tier, 初步结果 marks and the columns’ nodes', () => {
    const s = synthetic(30, 150, 2);
    const compiled = compileRuleSet(s.ruleSet);
    const full = scoreCompiledGroup(compiled, s.units, s.entries, s.assessors);
    const trimmed = trimGroupResult(full, compiled);
    const keys = shownNodeKeys(compiled);
    expect(keys.size).toBeLessThan(Object.keys(full.units[0]!.nodes).length / 3);
    expect(trimmed.units).toHaveLength(full.units.length);
    trimmed.units.forEach((u, i) => {
      const f = full.units[i]!;
      const { nodes, trail, ...rest } = u;
      const { nodes: fullNodes, trail: _t, ...fullRest } = f;
      expect(rest).toEqual(fullRest);
      expect(trail).toEqual([]);
      expect(Object.keys(nodes).sort()).toEqual([...keys].filter((k) => k in fullNodes).sort());
      for (const k of Object.keys(nodes)) expect(nodes[k]).toEqual(fullNodes[k]);
    });
    expect({ ...trimmed, units: [] }).toEqual({ ...full, units: [] });
  });

  it('shows the snapshot first when it matches the stored inputs, then the live results with the same rows', async () => {
    await largeAssessment();
    await handleFirstResultsRequest({ dbName: db.name, assessmentId: A, snapshotOnly: true }, () => undefined);
    expect(await storedFirstResults(db, A)).not.toBeNull();
    const { seen, loaded } = await open();
    const first = seen[0]!;
    expect(first.loading?.fromSnapshot).toBe(true);
    expect(first.loading?.outdated).toBe(false);
    const engine = computeView(await loadAssessmentData(db, A));
    expect(rows(first)).toEqual(rows(engine));
    expect(first.groups.map((g) => g.result.complete)).toEqual(engine.groups.map((g) => g.result.complete));
    expect(loaded.groups.map((g) => g.result)).toEqual(engine.groups.map((g) => g.result));
  });

  it('is never shown after an entry or a unit is saved', async () => {
    await largeAssessment();
    await handleFirstResultsRequest({ dbName: db.name, assessmentId: A, snapshotOnly: true }, () => undefined);
    const [entry] = (await loadAssessmentData(db, A)).entries;
    await saveEntry(db, A, { ...entry!, value: entry!.value === 0 ? 0.5 : 0, findings: entry!.findings ? [] : undefined }, entry!.assessorId);
    let { seen } = await open();
    expect(seen.some((v) => v.loading?.fromSnapshot)).toBe(false);
    model!.dispose();

    await handleFirstResultsRequest({ dbName: db.name, assessmentId: A, snapshotOnly: true }, () => undefined);
    const unit = (await loadAssessmentFrame(db, A)).units[0]!;
    await upsertUnits(db, A, [{ ...unit, name: `${unit.name}（改）` }], '办公室');
    ({ seen } = await open());
    expect(seen.some((v) => v.loading?.fromSnapshot)).toBe(false);
  });
});
