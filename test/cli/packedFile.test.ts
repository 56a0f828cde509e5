/**
 * A version 2 file read from its bytes pack by pack (what `npm run score` does first) gives exactly what
 * parseBundle gives for the file's text, or nothing, so the file is read the ordinary way: on sound
 * files, on files damaged in their values, and on files damaged in their bytes and layout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPackedFile } from '../../src/cli/packedFile';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { decodeFileText } from '../../src/formats/fileText';
import { hostileJson, seeded } from '../fixtures/hostileFiles';
import { utf8 } from '../fixtures/encodings';

const v1 = readFileSync(new URL('../fixtures/bundle-v1.json', import.meta.url), 'utf8');
const first = parseBundle(v1, 'v1.json');
if (!first.ok) throw new Error('the kept version 1 file should be valid');
const v2Text = serializeBundle(first.bundle);

type Pack = { unitId: string; assessorId: string; entries: Record<string, unknown>[] };
type Json = { entryPacks: Pack[] } & Record<string, unknown>;

/** The ordinary reading: the encoding policy, then parseBundle. */
function ordinary(bytes: Uint8Array) {
  const text = decodeFileText(bytes, 'b.json');
  return text.ok ? parseBundle(text.text, 'b.json') : text;
}

/** The file in serializePacked's layout, whatever its values: the head indented, one pack per line. */
function packedLayout(json: Json): string {
  const { entryPacks, removals, appeals, ...head } = json;
  const top = JSON.stringify(head, null, 2);
  const packs = entryPacks.map((p) => `    ${JSON.stringify(p)}`).join(',\n');
  const after = Object.entries({ removals, appeals })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `,\n  "${k}": ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`)
    .join('');
  return `${top.slice(0, top.lastIndexOf('}')).trimEnd()},\n  "entryPacks": [\n${packs}\n  ]${after}\n}\n`;
}

/** Reads `bytes` both ways: the quick answer, when there is one, must be the ordinary one and a sound bundle. */
function same(bytes: Uint8Array, what: string): boolean {
  const quick = readPackedFile(bytes);
  if (quick === undefined) return false;
  expect(quick.ok, what).toBe(true);
  expect(quick, what).toEqual(ordinary(bytes));
  return true;
}

describe('a version 2 file read from its bytes', () => {
  it('is read quickly in the layout this program writes, with a byte order mark or CR LF line ends, as the ordinary reading reads it', () => {
    expect(packedLayout(JSON.parse(v2Text) as Json)).toBe(v2Text);
    expect(same(utf8(v2Text), 'as written')).toBe(true);
    expect(same(utf8(v2Text, true), 'with BOM')).toBe(true);
    expect(same(utf8(v2Text.replace(/\n/g, '\r\n')), 'CR LF')).toBe(true);
  });

  it('gives the ordinary answer or none on 150 files damaged in their values, in the same layout', () => {
    const rand = seeded(20261203);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const edits: ((j: Json, p: Pack, e: Record<string, unknown>) => void)[] = [
      (_j, _p, e) => (e.value = pick([-1, 0, 0.5, 1, 1.5, 20, 1e300, '1', null])),
      (_j, _p, e) => (e.node = pick(['ghost', 'a:b', '', 7])),
      (_j, _p, e) => (e.notApplicable = pick([true, false, 'yes'])),
      (_j, p, e) => (e.id = pick(['x', `${p.unitId}:${String(e.node)}:${p.assessorId}`, ''])),
      (_j, _p, e) => (e.objectId = pick(['o1', '', 'a:b'])),
      (_j, _p, e) => (e.findings = [{ id: 'f1', reason: '问题', ...pick([{}, { points: 0.5 }, { checkpoint: 'ghost' }, { count: 0 }, { deep: [[[[1]]]] }]) }]),
      (_j, _p, e) => (e.unitId = 'u1'),
      (_j, _p, e) => (e.note = pick(['说明', [[[['深']]]], 3])),
      (_j, p) => p.entries.push({ ...p.entries[0]! }),
      (j, p) => j.entryPacks.push({ ...p, entries: [{ ...p.entries[0]! }] }),
      (j, p) => (p.assessorId = pick(['ghost', j.entryPacks[0]!.assessorId, ''])),
      (_j, p) => ((p as Record<string, unknown>).extra = 1),
      (_j, p) => delete (p as Partial<Pack>).unitId,
      (j) => (j.schemaVersion = pick([1, 3, '2'])),
      (j) => (j.entries = []),
      (j) => ((j.assessment as Record<string, unknown>).name = pick(['', '"entryPacks": [', 7])),
    ];
    let quick = 0;
    for (let i = 0; i < 150; i++) {
      const json = JSON.parse(v2Text) as Json;
      const pack = pick(json.entryPacks);
      const edit = pick(edits);
      edit(json, pack, pick(pack.entries));
      if (same(utf8(packedLayout(json)), `file ${i}`)) quick++;
    }
    // some damage leaves the file sound (a value still in range): those are read quickly
    expect(quick).toBeGreaterThan(5);
    expect(quick).toBeLessThan(150);
  }, 120_000);

  it('gives the ordinary answer or none on files damaged in their bytes and layout', () => {
    const rand = seeded(20261204);
    const lines = v2Text.split('\n');
    const packAt = lines.findIndex((l) => l.includes('"entryPacks"')) + 1;
    const at = () => packAt + Math.floor(rand() * (lines.length - packAt - 3));
    const withLines = (f: (ls: string[]) => void) => {
      const ls = [...lines];
      f(ls);
      return ls.join('\n');
    };
    const damages: (() => string | Uint8Array)[] = [
      () => v2Text.slice(0, Math.floor(rand() * v2Text.length)),
      () => withLines((ls) => ls.splice(at(), 1)),
      () => withLines((ls) => ls.splice(at(), 0, ls[at()]!)),
      () => withLines((ls) => (ls[at()] = ls[at()]!.replace(/,$/, ''))),
      () => withLines((ls) => (ls[at()] = ls[at()]! + ',')),
      () => withLines((ls) => (ls[ls.length - 3] = ls[ls.length - 3]! + ',')),
      () => withLines((ls) => (ls[at()] = ls[at()]!.replace('{', '{\n'))),
      () => withLines((ls) => (ls[at()] = ls[at()]!.replace('}', '}}'))),
      () => withLines((ls) => (ls[at()] = ls[at()]!.replace(/"value":(\d)/, '"value":$1$1'))),
      () => withLines((ls) => (ls[at()] = ls[at()]!.replace('"node"', '"node","node"'))),
      () => withLines((ls) => (ls[at()] = ls[at()]!.replace('"entries":[', '"entries":[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]],'))),
      () => withLines((ls) => ls.splice(ls.length - 2, 0, '  ,"entryPacks": []')),
      () => withLines((ls) => ls.splice(ls.length - 2, 0, '  ,"entry\\u0050acks": []')),
      () => withLines((ls) => ls.splice(2, 0, '  "entryPacks": [],')),
      () => withLines((ls) => ls.splice(2, 0, `  "deep": ${'['.repeat(70)}${']'.repeat(70)},`)),
      () => withLines((ls) => (ls[packAt - 1] = '  "entryPacks": [ ')),
      () => withLines((ls) => (ls[packAt - 1] = '  "entryPacks"\t:\r\n[')),
      () => withLines((ls) => (ls[packAt - 1] = '  "entryPacks": "\\u0000x", "x": [')),
      () => '\uFEFF' + v2Text,
      () => '\uFEFF\uFEFF' + v2Text,
      () => {
        const b = utf8(v2Text);
        const c = new Uint8Array(b.length + 1);
        const k = Math.floor(rand() * b.length);
        c.set(b.subarray(0, k));
        c[k] = pick([0xff, 0xc3, 0x80, 0xed]);
        c.set(b.subarray(k), k + 1);
        return c;
      },
      () => {
        const b = utf8(v2Text);
        b[Math.floor(rand() * b.length)] = pick([0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x0a, 0x30, 0x20]);
        return b;
      },
    ];
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    let quick = 0;
    for (let i = 0; i < 300; i++) {
      const k = i % damages.length;
      const made = damages[k]!();
      const bytes = typeof made === 'string' ? utf8(made) : made;
      if (same(bytes, `damage ${k}, file ${i}`)) quick++;
    }
    expect(quick).toBeGreaterThan(10);
    expect(quick).toBeLessThan(300);
  }, 120_000);

  it('gives the ordinary answer or none on the hostile-input corpus made from a version 2 file', () => {
    for (const f of hostileJson(JSON.parse(v2Text), 'v2', 120, seeded(20241101))) same(f.bytes, f.name);
  }, 120_000);
});
