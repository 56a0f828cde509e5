/**
 * Results first: what the worker scores from the stored inputs, as it posts it to the page, equals the
 * engine's scoring of the same data — in a hand-worked case and for any entries of a small rule set.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAssessmentData, loadAssessmentFrame, loadBundleAsNewAssessment, type KaoheDb } from '../../src/store/repo';
import { compileRuleSet, scoreCompiledGroup, type GroupResult, type ScoreEntry } from '../../src/engine';
import { saveEntry } from '../../src/store/repo';
import { handleFirstResultsRequest, frameSignature, storedFirstResults, type FirstResults, type FirstResultsMessage } from '../../src/app/firstResults';
import { computeView } from '../../src/app/assessmentView';
import { makeBundle, makeEntry, makeTinyRuleSet } from '../fixtures/bundles';
import { freshDb } from '../store/testDb';

const A = 'a-2024';
let db: KaoheDb | undefined;

afterEach(() => db?.close());

/** As the worker runs it, and as the page receives it (a structured clone of the message). */
async function scoredInWorker(d: KaoheDb): Promise<FirstResults> {
  const posted: FirstResultsMessage[] = [];
  await handleFirstResultsRequest({ dbName: d.name, assessmentId: A }, (m) => posted.push(structuredClone(m)));
  expect(posted).toHaveLength(2);
  const [m, stored] = posted;
  if (m!.kind === 'failed') throw new Error(m!.message);
  if (m!.kind !== 'scored') throw new Error(m!.kind);
  // then the snapshot is stored, nothing having changed the inputs meanwhile
  expect(stored).toEqual({ kind: 'stored', stored: true });
  return m!.results;
}

/** Each unit as the snapshot keeps it: without the why-trail (the tiny rule set's nodes are all columns). */
const withoutTrails = (groups: GroupResult[]) => groups.map((g) => ({ ...g, units: g.units.map((u) => ({ ...u, trail: [] })) }));

describe('results scored off the page on opening', () => {
  it('ranks a hand-worked case as the engine does, with the setup they were scored with', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(
      db,
      makeBundle({
        entries: [
          // 甲市: basic (8 + 9) / 2 = 8.5; website 10 − 2 findings = 8 and 10 − 1 = 9, mean 8.5; total 17 → 合格
          makeEntry({ id: 'e1', unitId: 'u1', node: 'basic', assessorId: 'as1', value: 8 }),
          makeEntry({ id: 'e2', unitId: 'u1', node: 'basic', assessorId: 'as2', value: 9 }),
          makeEntry({ id: 'e3', unitId: 'u1', node: 'website', assessorId: 'as1', value: undefined, findings: [{ id: 'f1', reason: '链接失效' }, { id: 'f2', reason: '未更新' }] }),
          makeEntry({ id: 'e4', unitId: 'u1', node: 'website', assessorId: 'as2', value: undefined, findings: [{ id: 'f3', reason: '未更新' }] }),
          // 乙市: basic 10 and 9.5, mean 9.75; website not entered (full marks for now, provisional); 19.75 → 优秀
          makeEntry({ id: 'e5', unitId: 'u2', node: 'basic', assessorId: 'as1', value: 10 }),
          makeEntry({ id: 'e6', unitId: 'u2', node: 'basic', assessorId: 'as2', value: 9.5 }),
        ],
      }),
    );
    const first = await scoredInWorker(db);
    const [city] = first.groups;
    expect(first.groups).toHaveLength(1);
    expect(city!.units.map((u) => [u.unitName, u.total, u.rank, u.tierName, u.complete])).toEqual([
      ['乙市', 19.75, 1, '优秀', false],
      ['甲市', 17, 2, '合格', true],
    ]);
    expect(city!.complete).toBe(false); // the page keeps its 初步结果 marks
    expect(city!.groupName).toBe('市（州）政府');
    expect(first.groups).toEqual(computeView(await loadAssessmentData(db, A)).groups.map((g) => g.result));
    expect(first.frame).toBe(frameSignature(await loadAssessmentFrame(db, A)));
    // the stored snapshot shows the same ranks, totals, tiers and 初步结果 marks
    const stored = await storedFirstResults(db, A);
    expect(stored!.frame).toBe(first.frame);
    expect(stored!.groups[0]!.units.map((u) => [u.unitName, u.total, u.display, u.rank, u.tierName, u.complete, u.missing])).toEqual(
      city!.units.map((u) => [u.unitName, u.total, u.display, u.rank, u.tierName, u.complete, u.missing]),
    );
    expect(stored!.groups[0]!.complete).toBe(false);
    expect(stored!.groups).toEqual(withoutTrails(first.groups));
    // and is no longer handed out once an entry is saved
    await saveEntry(db, A, makeEntry({ id: 'e7', unitId: 'u2', node: 'website', assessorId: 'as1', value: undefined, findings: [] }), 'as1');
    expect(await storedFirstResults(db, A)).toBeNull();
  });

  it('stores only the snapshot when asked to, sending no results', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle({ entries: [makeEntry({ id: 'e1', value: 8 })] }));
    const posted: FirstResultsMessage[] = [];
    await handleFirstResultsRequest({ dbName: db.name, assessmentId: A, snapshotOnly: true }, (m) => posted.push(m));
    expect(posted).toEqual([{ kind: 'stored', stored: true }]);
    expect((await storedFirstResults(db, A))!.groups).toEqual(withoutTrails(computeView(await loadAssessmentData(db, A)).groups.map((g) => g.result)));
  });

  it('tells a changed setup from the one the results were scored with', async () => {
    db = freshDb();
    await loadBundleAsNewAssessment(db, makeBundle());
    const frame = await loadAssessmentFrame(db, A);
    expect(frameSignature({ ...frame, units: frame.units.map((u) => (u.id === 'u2' ? { ...u, name: '丙市' } : u)) })).not.toBe(frameSignature(frame));
    expect(frameSignature({ ...frame, assessors: frame.assessors.slice(1) })).not.toBe(frameSignature(frame));
  });

  it('equals the engine on the same data for any entries', async () => {
    const ruleSet = makeTinyRuleSet();
    const compiled = compileRuleSet(ruleSet);
    const cell = fc.record({
      unitId: fc.constantFrom('u1', 'u2'),
      assessorId: fc.constantFrom('as1', 'as2'),
      basic: fc.option(fc.integer({ min: 0, max: 20 }).map((n) => n / 2)),
      findings: fc.option(fc.integer({ min: 0, max: 4 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(cell, { selector: (c) => `${c.unitId}/${c.assessorId}`, maxLength: 4 }), async (cells) => {
        const entries: ScoreEntry[] = cells.flatMap(({ unitId, assessorId, basic, findings }) => [
          ...(basic === null ? [] : [makeEntry({ id: `b-${unitId}-${assessorId}`, unitId, assessorId, node: 'basic', value: basic })]),
          ...(findings === null
            ? []
            : [
                makeEntry({
                  id: `w-${unitId}-${assessorId}`,
                  unitId,
                  assessorId,
                  node: 'website',
                  value: undefined,
                  findings: Array.from({ length: findings }, (_, k) => ({ id: `f${k}`, reason: '问题' })),
                }),
              ]),
        ]);
        const d = freshDb();
        try {
          const bundle = makeBundle({ ruleSet, entries });
          await loadBundleAsNewAssessment(d, bundle);
          const first = await scoredInWorker(d);
          const sorted = [...bundle.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          const engine = scoreCompiledGroup(compiled, bundle.units, sorted, bundle.assessors);
          expect(first.groups).toEqual([{ ...engine, groupName: '市（州）政府' }]);
          expect((await storedFirstResults(d, A))!.groups).toEqual(withoutTrails([{ ...engine, groupName: '市（州）政府' }]));
        } finally {
          d.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
