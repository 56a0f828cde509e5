/**
 * The quick check of a version 2 file's entries says yes only where the full checks find nothing: on
 * damaged files, parseBundle gives exactly what the full checks give (the same messages at the same
 * places, or the same accepted bundle), and the quick yes is really taken on a sound file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBundle, parseBundle, serializeBundle } from '../../src/formats/bundle';
import { parsePackedBundle } from '../../src/formats/bundlePacked';
import { entriesSurelyValid, type PackRun } from '../../src/formats/bundleQuickCheck';
import { parseJsonText, shortIssues } from '../../src/model/issues';
import { tooDeep } from '../../src/model/jsonDepth';
import type { Bundle } from '../../src/model/assessment';
import { appeal } from '../../src/model/appeal';
import { hostileJson, seeded } from '../fixtures/hostileFiles';

const v1 = readFileSync(new URL('../fixtures/bundle-v1.json', import.meta.url), 'utf8');
const first = parseBundle(v1, 'v1.json');
if (!first.ok) throw new Error('the kept version 1 file should be valid');
const v2Text = serializeBundle(first.bundle);

type Pack = { unitId: string; assessorId: string; entries: Record<string, unknown>[] };
type Json = { entryPacks: Pack[]; units: { id: string }[]; removals?: unknown[] } & Record<string, unknown>;

/** parseBundle's version 2 path as it was before the quick check: every entry through checkBundle. */
function fullChecks(text: string) {
  const json = parseJsonText(text, 'b.json');
  if (!json.ok) return json;
  const deep = tooDeep(json.value);
  if (deep) return { ok: false as const, errors: [deep] };
  const r = parsePackedBundle(json.value as Record<string, unknown>, checkBundle);
  return r.ok ? r : { ok: false as const, errors: shortIssues(r.errors) };
}

/** One random change to the entries (or what they refer to), of the kinds a damaged or edited file has. */
function damage(json: Json, rand: () => number): void {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const pack = pick(json.entryPacks);
  const entry = pick(pack.entries);
  const other = pick(json.entryPacks);
  const edits: (() => void)[] = [
    () => (entry.value = pick([-1, 0, 0.05, 0.1, 0.5, 0.30000000000000004, 1, 1.5, 3, 20, 100, 1e300])),
    () => (entry.node = pick([...json.entryPacks.flatMap((p) => p.entries.map((e) => e.node as string)).slice(0, 40), 'ghost', 'a:b'])),
    () => (entry.notApplicable = rand() < 0.7),
    () => (entry.id = pick(['x', `${pack.unitId}:${String(pick(pack.entries).node)}:${pack.assessorId}`, `${other.unitId}:${String(pick(other.entries).node)}:${other.assessorId}`])),
    () => (entry.objectId = pick(['o1', '', 'a:b', 'ghost'])),
    () => (entry.findings = [{ id: 'f1', reason: '问题', ...pick([{}, { points: 0.5 }, { checkpoint: 'ghost' }, { count: 3 }]) }, ...(rand() < 0.3 ? [{ id: 'f1', reason: '又一处' }] : [])]),
    () => (entry.checks = { ghost: true }),
    () => (entry.triggered = rand() < 0.5),
    () => pack.entries.push({ ...pick(pack.entries) }),
    () => json.entryPacks.push({ ...pack, entries: [{ ...entry }] }),
    () => (pack.assessorId = pick(['ghost', other.assessorId, 'a:b'])),
    () => (pack.unitId = pick([other.unitId, 'ghost'])),
    () => (json.removals = [{ id: `${pack.unitId}:${String(entry.node)}:${pack.assessorId}`, unitId: pack.unitId, assessorId: pack.assessorId, removedAt: '2025-01-01T00:00:00.000Z' }]),
    () => delete entry.value,
  ];
  pick(edits)();
}

describe('the quick check of packed entries', () => {
  it('is taken for a sound file: the packs alone show the entries are valid', () => {
    const json = JSON.parse(v2Text) as Json;
    let runs: readonly PackRun[] | undefined;
    const r = parsePackedBundle(json, (_b, r) => ((runs = r), []));
    expect(r.ok).toBe(true);
    expect(runs).toHaveLength(json.entryPacks.length);
    expect(entriesSurelyValid((r as { bundle: Bundle }).bundle, runs!)).toBe(true);
  });

  it('says no to a second pack of a cell, an id that is another cell\'s, and an unknown node', () => {
    const cases: ((j: Json) => void)[] = [
      (j) => j.entryPacks.push({ ...j.entryPacks[0]!, entries: [{ ...j.entryPacks[0]!.entries[0]! }] }),
      (j) => (j.entryPacks[0]!.entries[0]!.id = `${j.entryPacks[1]!.unitId}:${String(j.entryPacks[1]!.entries[0]!.node)}:${j.entryPacks[1]!.assessorId}`),
      (j) => (j.entryPacks[0]!.entries[0]!.node = 'ghost'),
    ];
    for (const edit of cases) {
      const json = JSON.parse(v2Text) as Json;
      edit(json);
      let seen: { b: Bundle; runs: readonly PackRun[] } | undefined;
      parsePackedBundle(json, (b, runs) => ((seen = { b, runs: runs! }), []));
      expect(entriesSurelyValid(seen!.b, seen!.runs)).toBe(false);
      expect(parseBundle(JSON.stringify(json), 'b.json').ok).toBe(false);
    }
  });

  it('gives the same answer as the full checks on 120 damaged files, refused or accepted', () => {
    const rand = seeded(20261203);
    let refused = 0;
    for (let i = 0; i < 120; i++) {
      const json = JSON.parse(v2Text) as Json;
      const edits = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < edits; k++) damage(json, rand);
      const text = JSON.stringify(json);
      const quick = parseBundle(text, 'b.json');
      expect(quick, `file ${i}`).toEqual(fullChecks(text));
      if (!quick.ok) refused++;
    }
    // both ways are exercised
    expect(refused).toBeGreaterThan(30);
    expect(refused).toBeLessThan(120);
  }, 120_000);

  it('gives the same answer as the full checks for each kind of value, finding and mark on entries of every pack', () => {
    const base = JSON.parse(v2Text) as Json;
    const changes: Record<string, unknown>[] = [
      ...[-1, 0, 0.05, 0.5, 0.30000000000000004, 1, 1.5, 7, 20, 1e300].map((value) => ({ value })),
      { notApplicable: true },
      { notApplicable: false },
      { findings: [{ id: 'f1', reason: '问题' }] },
      { findings: [{ id: 'f1', reason: '问题', checkpoint: 'ghost' }] },
      { findings: [{ id: 'f1', reason: '问题' }, { id: 'f1', reason: '又一处' }] },
    ];
    let refused = 0;
    for (let p = 0; p < base.entryPacks.length; p += 7) {
      for (const change of changes) {
        const json = JSON.parse(v2Text) as Json;
        const entries = json.entryPacks[p]!.entries;
        Object.assign(entries[p % entries.length]!, change);
        const text = JSON.stringify(json);
        const quick = parseBundle(text, 'b.json');
        expect(quick, `pack ${p}, ${JSON.stringify(change)}`).toEqual(fullChecks(text));
        if (!quick.ok) refused++;
      }
    }
    expect(refused).toBeGreaterThan(10);
  }, 120_000);

  it('gives the same answer as the full checks on the hostile-input corpus made from a version 2 file', () => {
    const files = hostileJson(JSON.parse(v2Text), 'v2', 120, seeded(20241101));
    for (const f of files) {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(f.bytes);
      expect(parseBundle(text, 'b.json'), f.name).toEqual(fullChecks(text));
    }
  }, 120_000);
});

describe('appeals beside sound packs', () => {
  it('an appeal naming another unit’s entry is refused, as the full checks refuse it', () => {
    const b = first.bundle;
    const target = b.entries[0]!;
    const otherUnit = b.units.find((u) => u.id !== target.unitId)!;
    const withAppeal: Bundle = {
      ...b,
      appeals: [appeal.parse({ id: 'ap1', unitId: otherUnit.id, targets: [{ entryId: target.id, node: target.node }], appellant: '王五', filedAt: '2025-01-24', reason: '理由' })],
    };
    const text = serializeBundle(withAppeal);
    const r = parseBundle(text, 'b.json');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['appeals[0].targets[0].entryId']);
    expect(r).toEqual(fullChecks(text));
  });
});
