/**
 * The stored results snapshot on opening: a large assessment shows it at once (what the ranking draws,
 * as the engine scored it), then the live results; after any change to the inputs it is never shown.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
  vi.unstubAllGlobals();
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

async function open(options?: ConstructorParameters<typeof AssessmentModel>[2]): Promise<{ seen: AssessmentView[]; loaded: AssessmentView }> {
  model = new AssessmentModel(db, A, options);
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

  it('is stored again once the page has been quiet after a burst of edits: once, and not before the quiet time', async () => {
    await largeAssessment();
    // the worker's script, run in this process: each request it is sent is noted with its time
    const requests: { at: number; snapshotOnly: boolean }[] = [];
    class InProcessWorker {
      onmessage: ((e: { data: unknown }) => void) | null = null;
      onerror: ((e: unknown) => void) | null = null;
      postMessage(req: Parameters<typeof handleFirstResultsRequest>[0]): void {
        requests.push({ at: Date.now(), snapshotOnly: req.snapshotOnly === true });
        void handleFirstResultsRequest(req, (m) => this.onmessage?.({ data: m }));
      }
      terminate(): void {}
    }
    vi.stubGlobal('Worker', InProcessWorker);
    const QUIET = 400;
    await open({ snapshotAfterMs: QUIET });
    // the opening scored and stored one (there was none): then three edits in a row
    await until(async () => (await storedFirstResults(db, A)) !== null);
    const entries = (await loadAssessmentData(db, A)).entries.slice(0, 3);
    let last = 0;
    for (const e of entries) {
      await saveEntry(db, A, { ...e, value: e.value === 0 ? 0.5 : 0, findings: e.findings ? [] : undefined }, e.assessorId);
      last = Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    await until(async () => (await storedFirstResults(db, A)) !== null);
    const refreshes = requests.filter((r) => r.snapshotOnly);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.at).toBeGreaterThanOrEqual(last + QUIET);
    // and it holds the current results: what a reload shows first equals the engine's
    const engine = computeView(await loadAssessmentData(db, A));
    model!.dispose();
    const { seen } = await open();
    expect(seen[0]!.loading?.fromSnapshot).toBe(true);
    expect(rows(seen[0]!)).toEqual(rows(engine));
  });
});

/** Resolves once `check` holds (asked every 50 ms, up to 20 s). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 20_000; Date.now() < end; ) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('not within 20 s');
}
