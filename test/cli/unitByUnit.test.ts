/**
 * `npm run score` scores a sound version 2 file unit by unit from its bytes (scorePackedFile); every
 * other file is read whole, as before. Both readings must print the same, byte for byte, in every
 * format: on the demo, a province-sized file, and random assessments with vetoes, not-applicable marks,
 * per-object subtrees over several kinds of object, one to three assessors, later revisions and deletions.
 * A string handed to runScore is always read whole, so the two readings are compared through runScore.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScore } from '../../src/cli/scoreReport';
import { scorePackedFile } from '../../src/cli/packedFile';
import { makeBundle as makeFileBundle, parseBundle, serializeBundle } from '../../src/formats/bundle';
import { compileRuleSet, scoreGroupUnitByUnit } from '../../src/engine';
import { ruleSetSchema, type RuleSet } from '../../src/model/ruleSet';
import type { Assessor, EntryRemoval, ScoreEntry, Unit } from '../../src/model/entries';
import { synthetic } from '../../bench/synthetic';
import { utf8 } from '../fixtures/encodings';
import { seeded } from '../fixtures/hostileFiles';
import { CITY_RULE_HEADER } from '../fixtures/ruleSetHeader';

const DEMO = readFileSync('public/demo/demo-bundle.json', 'utf8');

/** The file scored from its bytes and from its text: the same output, returned. */
function bothWays(text: string, ...args: string[]) {
  const bytes = runScore(['b.json', ...args], () => utf8(text));
  const whole = runScore(['b.json', ...args], () => text);
  expect(bytes).toEqual(whole);
  return bytes;
}

/** The file is taken by the unit-by-unit reading (not handed on to the whole-file one). */
function unitByUnit(text: string): boolean {
  const read = scorePackedFile(
    utf8(text),
    (b, g, entriesOf) => scoreGroupUnitByUnit(compileRuleSet(b.ruleSets.find((r) => r.id === g.ruleSetId)!), b.units, entriesOf, b.assessors),
    () => true,
  );
  return read !== undefined;
}

/** A bundle of these parts in the current file format (version 2). */
function fileOf(ruleSets: RuleSet[], units: Unit[], assessors: Assessor[], entries: ScoreEntry[], removals: EntryRemoval[] = []): string {
  const bundle = makeFileBundle({
    assessment: { id: 'a', name: '测试考核', year: 2025, status: 'open' },
    ruleSets,
    units,
    assessors,
    entries,
    exportedAt: '2025-01-01T00:00:00.000Z',
  });
  return serializeBundle(removals.length > 0 ? { ...bundle, removals } : bundle);
}

describe('npm run score reads a version 2 file unit by unit, with the same output', () => {
  it('the demo, in every format and for one group; its appeals name entries, so it is read whole', () => {
    for (const format of ['text', 'csv', 'json']) expect(bothWays(DEMO, '--format', format).code).toBe(0);
    expect(bothWays(DEMO, '--group', 'department').code).toBe(0);
    expect(unitByUnit(DEMO)).toBe(false);
    // without them it is read unit by unit
    const demo = JSON.parse(DEMO) as Record<string, unknown>;
    delete demo.appeals;
    const parsed = parseBundle(JSON.stringify(demo), 'demo.json');
    if (!parsed.ok) throw new Error('the demo without appeals should be valid');
    const text = serializeBundle(parsed.bundle);
    expect(unitByUnit(text)).toBe(true);
    for (const format of ['text', 'csv', 'json']) expect(bothWays(text, '--format', format).code).toBe(0);
    expect(bothWays(text, '--group', 'department').code).toBe(0);
    expect(bothWays(text, '--group', 'ghost').code).toBe(1);
  });

  it('a province: 50 units × 120 check points × 3 assessors', () => {
    const s = synthetic(50, 120, 3);
    const text = fileOf([s.ruleSet], s.units, s.assessors, s.entries);
    expect(unitByUnit(text)).toBe(true);
    expect(bothWays(text, '--format', 'csv').code).toBe(0);
    expect(bothWays(text, '--format', 'json').code).toBe(0);
  }, 60_000);

  it('random assessments: vetoes, not applicable, objects of several kinds, 1–3 assessors, revisions, deletions', () => {
    let quick = 0;
    fc.assert(
      fc.property(scenario, (sc) => {
        const text = fileOf([sc.ruleSet], sc.units, sc.assessors, sc.entries, sc.removals);
        if (unitByUnit(text)) quick++;
        const out = bothWays(text, '--format', 'json');
        expect(out.code, out.stderr).toBe(0);
        bothWays(text, '--format', 'text');
      }),
      { numRuns: 60, seed: 20261203 },
    );
    // explicit ids and packs out of order are read whole; the rest unit by unit
    expect(quick).toBeGreaterThan(30);
  }, 120_000);
});

describe('a damaged version 2 file through npm run score', () => {
  it('prints the same refusal, or the same results, as reading it whole: 80 files damaged in their packs or units', () => {
    const s = synthetic(4, 12, 2);
    const sound = JSON.parse(fileOf([s.ruleSet], s.units, s.assessors, s.entries)) as {
      units: Record<string, unknown>[];
      entryPacks: { unitId: string; assessorId: string; entries: Record<string, unknown>[] }[];
    };
    const rand = seeded(20261205);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    type Json = typeof sound;
    type Pack = Json['entryPacks'][number];
    const edits: ((j: Json, p: Pack, e: Record<string, unknown>) => void)[] = [
      (_j, _p, e) => (e.value = pick([-1, 0.5, 1.5, 20, '1', null])),
      (_j, _p, e) => (e.node = pick(['ghost', 'a:b', '', 'basic_1'])),
      (_j, _p, e) => (e.notApplicable = pick([true, false, 'yes'])),
      (_j, p, e) => (e.id = pick(['x', `${p.unitId}:${String(e.node)}:${p.assessorId}`, ''])),
      (_j, _p, e) => (e.objectId = pick(['o1', ''])),
      (_j, _p, e) => (e.findings = [{ id: 'f1', reason: '问题', ...pick([{}, { points: 0.5 }, { count: 0 }]) }]),
      (_j, p) => p.entries.push({ ...p.entries[0]! }),
      (j, p) => j.entryPacks.push({ ...p, entries: [{ ...p.entries[0]! }] }),
      (j, p) => (p.unitId = pick(['ghost', j.entryPacks[0]!.unitId, 'u"1', 'u\\1'])),
      (j, p) => (p.assessorId = pick(['ghost', j.entryPacks[0]!.assessorId, ''])),
      (j) => j.units.pop(),
      (j) => (j.units[0]!.group = 'ghost'),
      (j) => j.entryPacks.reverse(),
    ];
    let refused = 0;
    for (let i = 0; i < 80; i++) {
      const json = JSON.parse(JSON.stringify(sound)) as Json;
      const pack = pick(json.entryPacks);
      pick(edits)(json, pack, pick(pack.entries));
      // in the layout this program writes: the head indented, one pack per line
      const { entryPacks, ...head } = json;
      const top = JSON.stringify(head, null, 2);
      const text = `${top.slice(0, top.lastIndexOf('}')).trimEnd()},\n  "entryPacks": [\n${entryPacks.map((p) => `    ${JSON.stringify(p)}`).join(',\n')}\n  ]\n}\n`;
      if (bothWays(text, '--format', 'csv').code !== 0) refused++;
    }
    expect(refused).toBeGreaterThan(20);
    expect(refused).toBeLessThan(80);
  }, 120_000);
});

const KINDS = ['website', 'newMedia'];

/** A rule set with a leaf of each common kind, a per-object subtree, and a unit-level and a per-object veto. */
const ruleSetArb = fc
  .record({
    aggregate: fc.constantFrom('mean', 'median', 'trimmedMean', 'owner'),
    perObject: fc.constantFrom('mean', 'min', 'max'),
    kind: fc.constantFrom(...KINDS),
    notApplicable: fc.constantFrom('rescale', 'redistribute', 'addToOthers', 'drop'),
    effect: fc.constantFrom<object>({ type: 'zeroNode', node: 'p1' }, { type: 'failScored' }, { type: 'fail' }, { type: 'capScore', score: 10 }, { type: 'barTier', tier: 'excellent' }),
  })
  .map(({ aggregate, perObject, kind, notApplicable, effect }) =>
    ruleSetSchema.parse({
      ...CITY_RULE_HEADER,
      id: 'random',
      name: '随机规则',
      year: 2025,
      source: 'generated',
      assessors: { aggregate },
      root: {
        key: 'total',
        name: '总分',
        type: 'group',
        notApplicable,
        children: [
          { key: 'p1', name: '评分项', type: 'points', max: 10, step: 0.5 },
          { key: 'd1', name: '扣分项', type: 'deduction', max: 10, perFinding: 1 },
          {
            key: 'acc',
            name: '对象',
            type: 'group',
            perObject: { kind, aggregate: perObject },
            children: [
              { key: 'acc.p', name: '对象评分', type: 'points', max: 10, step: 0.5 },
              { key: 'acc.d', name: '对象扣分', type: 'deduction', max: 5, perFinding: 1 },
            ],
          },
        ],
      },
      vetoes: [
        { key: 'v', name: '否决', effect },
        { key: 'va', name: '对象否决', scope: 'acc', effect: { type: 'zeroNode', node: 'acc' } },
      ],
      tiers: [
        { key: 'excellent', name: '优秀', atLeast: 20 },
        { key: 'qualified', name: '合格', atLeast: 10 },
        { key: 'unqualified', name: '不合格' },
      ],
    }),
  );

interface Scenario {
  ruleSet: RuleSet;
  units: Unit[];
  assessors: Assessor[];
  entries: ScoreEntry[];
  removals: EntryRemoval[];
}

/** What one assessor entered in one cell, or nothing. */
const cellArb = fc.record({
  shape: fc.constantFrom('none', 'value', 'value', 'value', 'notApplicable', 'triggered'),
  value: fc.integer({ min: 0, max: 20 }),
  findings: fc.integer({ min: 0, max: 4 }),
  rev: fc.integer({ min: 1, max: 3 }),
  explicitId: fc.integer({ min: 0, max: 300 }),
  removed: fc.integer({ min: 0, max: 15 }),
});

const scenario: fc.Arbitrary<Scenario> = ruleSetArb.chain((ruleSet) =>
  fc
    .record({
      units: fc.integer({ min: 1, max: 5 }),
      assessors: fc.integer({ min: 1, max: 3 }),
      objects: fc.array(fc.array(fc.constantFrom(...KINDS), { maxLength: 3 }), { minLength: 5, maxLength: 5 }),
    })
    .chain(({ units: nUnits, assessors: nAssessors, objects }) => {
      const units: Unit[] = Array.from({ length: nUnits }, (_, i) => ({
        id: `u${i}`,
        name: `单位${i}`,
        group: 'city',
        objects: objects[i]!.map((kind, j) => ({ id: `o${j}`, name: `对象${j}`, kind })),
      }));
      const assessors: Assessor[] = Array.from({ length: nAssessors }, (_, i) => ({ id: `a${i}`, name: `评分人${i}`, owns: i === 0 ? ['d1'] : [] }));
      // every cell of every unit: unit-level leaves and the veto, each object's leaves and veto
      const cells = units.flatMap((u) => [
        ...['p1', 'd1', 'v'].map((node) => ({ unit: u, node, objectId: undefined as string | undefined })),
        ...u.objects.filter((o) => JSON.stringify(ruleSet.root).includes(`"kind":"${o.kind}"`)).flatMap((o) => ['acc', 'acc.p', 'acc.d', 'va'].map((node) => ({ unit: u, node, objectId: o.id }))),
      ]);
      const slots = cells.flatMap((c) => assessors.map((a) => ({ ...c, assessorId: a.id })));
      return fc.tuple(...slots.map(() => cellArb)).map((picked): Scenario => {
        const entries: ScoreEntry[] = [];
        const removals: EntryRemoval[] = [];
        slots.forEach((s, k) => {
          const p = picked[k]!;
          const own = [s.unit.id, s.node, s.assessorId, ...(s.objectId === undefined ? [] : [s.objectId])].join(':');
          const id = p.explicitId === 0 ? `x${k}` : own;
          const base: ScoreEntry = { id, unitId: s.unit.id, node: s.node, assessorId: s.assessorId, rev: p.rev };
          if (s.objectId !== undefined) base.objectId = s.objectId;
          const isVeto = s.node === 'v' || s.node === 'va';
          if (p.removed === 0) {
            removals.push({ id: own, unitId: s.unit.id, node: s.node, assessorId: s.assessorId, ...(s.objectId === undefined ? {} : { objectId: s.objectId }), rev: p.rev + 1, removedAt: '2025-01-01T00:00:00.000Z' });
            return;
          }
          if (p.shape === 'none') return;
          if (p.shape === 'notApplicable' && !isVeto) entries.push({ ...base, notApplicable: true });
          else if (isVeto) entries.push({ ...base, triggered: p.shape === 'triggered' });
          else if (s.node === 'acc') return;
          else if (s.node.endsWith('d1') || s.node === 'acc.d') {
            entries.push({ ...base, findings: Array.from({ length: p.findings }, (_, i) => ({ id: `f${i}`, count: 1, reason: '问题' })) });
          } else entries.push({ ...base, value: Math.min(p.value, 20) / 2 });
        });
        return { ruleSet, units, assessors, entries, removals };
      });
    }),
);
