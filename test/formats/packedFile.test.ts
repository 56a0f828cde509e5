/**
 * A version 2 file read from its bytes pack by pack (what opening a file in the browser and `npm run
 * score` do first) gives exactly what parseBundle gives for the file's text, or nothing, so the file is
 * read the ordinary way: on sound files, on files damaged in their values, and on files damaged in
 * their bytes and layout. Both platforms' readings are compared: any platform's (a fatal TextDecoder on
 * each piece, as the browser's worker reads) and Node's (isUtf8 on the whole, then Buffer).
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPackedFile as nodeRead } from '../../src/cli/packedFile';
import { makeBundle, parseBundle, serializeBundle } from '../../src/formats/bundle';
import { decodeFileText } from '../../src/formats/fileText';
import { indexOfBytes, packFeed, readPackedFile as webRead } from '../../src/formats/packedFile';
import { isScanned, scannedEntries } from '../../src/model/scannedPack';
import type { ScoreEntry } from '../../src/model/entries';
import { isCheckedBundle } from '../../src/model/checkedBundle';
import { hostileJson, seeded } from '../fixtures/hostileFiles';
import { utf8 } from '../fixtures/encodings';
import { synthetic } from '../../bench/synthetic';

const v1 = readFileSync(new URL('../fixtures/bundle-v1.json', import.meta.url), 'utf8');
const first = parseBundle(v1, 'v1.json');
if (!first.ok) throw new Error('the kept version 1 file should be valid');
const v2Text = serializeBundle(first.bundle);

type Pack = { unitId: string; assessorId: string; entries: Record<string, unknown>[] };
type Json = { entryPacks: Pack[] } & Record<string, unknown>;

/** The ordinary reading: the encoding policy, then parseBundle. */
function readOrdinarily(bytes: Uint8Array) {
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

/**
 * The file read as opening it reads it (packFeed), two packs at a time: the entries of every slice and
 * the count `finish` gives, or undefined where it does not take the file (anything thrown on the way
 * sends the opening to the ordinary reading, as here).
 */
function fedWhole(bytes: Uint8Array): { head: object; entries: ScoreEntry[]; count: number } | undefined {
  try {
    const feed = packFeed(bytes);
    if (!feed) return undefined;
    const entries: ScoreEntry[] = [];
    for (let k = 0; k < feed.packs; k += 2) for (const p of feed.read(k, Math.min(feed.packs, k + 2))) entries.push(...(isScanned(p) ? scannedEntries(p) : p.entries));
    const count = feed.finish();
    return count === undefined ? undefined : { head: feed.head, entries, count };
  } catch {
    return undefined;
  }
}

/**
 * Reads `bytes` each quick way and the ordinary way: a quick answer, when there is one, must be the
 * ordinary one, a sound bundle marked checked as parseBundle marks it; both quick ways answer alike.
 * The feed that opening a file uses takes no file the quick reading does not, and gives its entries.
 */
function same(bytes: Uint8Array, what: string): boolean {
  const web = webRead(bytes);
  const node = nodeRead(bytes);
  expect(node === undefined, `${what}: both readings take the file, or neither`).toBe(web === undefined);
  const fed = fedWhole(bytes);
  if (fed) {
    expect(web?.ok, `${what}: the feed takes only a file the quick reading takes`).toBe(true);
    if (web?.ok) {
      expect(fed.entries, what).toEqual(web.bundle.entries);
      expect(fed.count, what).toBe(web.bundle.entries.length);
      expect(fed.head, what).toEqual({ ...web.bundle, entries: [] });
    }
  }
  if (web === undefined) return false;
  const ordinary = readOrdinarily(bytes);
  expect(web.ok, what).toBe(true);
  expect(web, what).toEqual(ordinary);
  expect(node, what).toEqual(ordinary);
  expect(web.ok && isCheckedBundle(web.bundle), what).toBe(true);
  return true;
}

describe('a version 2 file read from its bytes', () => {
  it('is read quickly in the layout this program writes, with a byte order mark or CR LF line ends, as the ordinary reading reads it', () => {
    expect(packedLayout(JSON.parse(v2Text) as Json)).toBe(v2Text);
    expect(same(utf8(v2Text), 'as written')).toBe(true);
    expect(fedWhole(utf8(v2Text))?.count).toBe(first.bundle.entries.length);
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

/** A file whose packs are in the two forms read straight from the bytes (the fixture's have more fields). */
const syn = synthetic(6, 24, 2);
const scannedText = serializeBundle(
  makeBundle({
    assessment: { id: 's', name: '扫描的考核', year: 2025, status: 'open' },
    ruleSets: [syn.ruleSet],
    units: syn.units,
    assessors: syn.assessors,
    entries: syn.entries.map((e, i) => (e.findings && i % 5 === 0 ? { ...e, findings: e.findings.map((f, k) => ({ ...f, reason: k === 0 ? '未按要求公开“政策解读”' : f.reason })) } : e)),
    exportedAt: '2025-01-01T00:00:00.000Z',
  }),
);
const scannedLines = scannedText.split('\n');
const firstPack = scannedLines.findIndex((l) => l.includes('"entryPacks"')) + 1;
const lastPack = scannedLines.findIndex((l, i) => i > firstPack && l.trim() === ']') - 1;

/** The scanned file with line `at` (0: the first pack) changed by `f`. */
function packLine(at: number, f: (line: string) => string): string {
  const ls = [...scannedLines];
  ls[firstPack + at] = f(ls[firstPack + at]!);
  return ls.join('\n');
}

/** `text`'s bytes with the UTF-8 bytes of the first `of` after `after` (a string) replaced by `by`. */
function bytesSwapped(text: string, of: string, by: number[], after = 0): Uint8Array {
  const b = utf8(text);
  const at = Buffer.from(text).indexOf(Buffer.from(of), Buffer.byteLength(text.slice(0, after)));
  if (at < 0) throw new Error(`${of} not found`);
  const out = new Uint8Array(b.length - Buffer.byteLength(of) + by.length);
  out.set(b.subarray(0, at));
  out.set(by, at);
  out.set(b.subarray(at + Buffer.byteLength(of)), at + by.length);
  return out;
}

describe('a version 2 file whose packs are read straight from their bytes', () => {
  const quickly = (made: string | Uint8Array, what: string) => same(typeof made === 'string' ? utf8(made) : made, what);

  it('is read from its bytes as written, with a byte order mark, with CR LF line ends', () => {
    expect(lastPack).toBeGreaterThan(firstPack);
    expect(scannedLines[firstPack]).toMatch(/^ {4}\{"unitId":"u00000","assessorId":"a0","entries":\[\{"node":/);
    expect(quickly(scannedText, 'as written')).toBe(true);
    expect(quickly('\uFEFF' + scannedText, 'BOM')).toBe(true);
    expect(quickly(scannedText.replace(/\n/g, '\r\n'), 'CR LF')).toBe(true);
  });

  it('gives the ordinary answer for strings with escapes, a U+FEFF or control characters, other key orders, extra keys and spaces', () => {
    const cases: [string, string][] = [
      ['an escape in a reason', packLine(0, (l) => l.replace('"reason":"问题"', '"reason":"问\\"题\\n"'))],
      ['an escaped node key', packLine(1, (l) => l.replace('"node":"basic_1"', '"node":"basic\\u005f1"'))],
      ['U+FEFF at a reason\'s start', packLine(2, (l) => l.replace('"reason":"问题"', '"reason":"\uFEFF问题"'))],
      ['U+FEFF as a whole reason', packLine(3, (l) => l.replace('"reason":"问题"', '"reason":"\uFEFF"'))],
      ['U+FEFF in the assessment\'s name', scannedText.replace('扫描的考核', '\uFEFF扫描的考核')],
      ['a tab in a reason', packLine(0, (l) => l.replace('"reason":"问题"', '"reason":"问\t题"'))],
      ['the pack\'s keys in another order', packLine(1, (l) => l.replace(/^ {4}\{"unitId":"(\w+)","assessorId":"(\w+)"/, '    {"assessorId":"$2","unitId":"$1"'))],
      ['an entry\'s keys in another order', packLine(2, (l) => l.replace(/\{"node":"(\w+)","value":([\d.]+)\}/, '{"value":$2,"node":"$1"}'))],
      ['an extra key in a pack', packLine(3, (l) => l.replace('"entries":[', '"note":"备注","entries":['))],
      ['an extra key in an entry', packLine(0, (l) => l.replace(/"value":([\d.]+)\}/, '"value":$1,"rev":2}'))],
      ['an unknown key in an entry', packLine(0, (l) => l.replace(/"value":([\d.]+)\}/, '"value":$1,"ghost":1}'))],
      ['spaces inside a pack', packLine(1, (l) => l.replace('","entries":[', '", "entries" : ['))],
      ['spaces after a pack', packLine(2, (l) => l.replace(/,$/, ' \t,'))],
      ['a pack over two lines', packLine(0, (l) => l.replace('"entries":[', '"entries":[\n'))],
      ['two packs on a line', packLine(0, (l) => `${l} ${scannedLines[firstPack + 1]!.trim()}`)],
      ['a blank line between packs', packLine(0, (l) => `${l}\n`)],
      ['a number JSON does not allow', packLine(0, (l) => l.replace(/"value":([\d.]+)\}/, '"value":01}'))],
      ['a number written with an exponent', packLine(0, (l) => l.replace(/"value":([\d.]+)\}/, '"value":5e-1}'))],
      ['an id that is another cell\'s', packLine(0, (l) => l.replace('{"node":"basic_1",', '{"id":"u00001:basic_1:a0","node":"basic_1",'))],
      ['the cell\'s own id written out', packLine(0, (l) => l.replace('{"node":"basic_1",', '{"id":"u00000:basic_1:a0","node":"basic_1",'))],
      ['a node twice in a pack', packLine(0, (l) => l.replace(/(\{"node":"basic_1",[^}]*\}),/, '$1,$1,'))],
      ['a pack twice', packLine(0, (l) => `${l}\n${l}`)],
      ['a unit not in the file', packLine(4, (l) => l.replace(/"unitId":"\w+"/, '"unitId":"ghost"'))],
      ['an assessor not in the file', packLine(4, (l) => l.replace(/"assessorId":"\w+"/, '"assessorId":"ghost"'))],
      ['a node not in the rule set', packLine(4, (l) => l.replace('"node":"basic_1"', '"node":"ghost"'))],
      ['a value above the maximum', packLine(4, (l) => l.replace(/"node":"basic_1","value":[\d.]+/, '"node":"basic_1","value":7'))],
      ['a second "entryPacks" after the packs', scannedText.replace(/\n\}\n$/, ',\n  "entryPacks": []\n}\n')],
      ['a second "entryPacks" before the packs', scannedText.replace('"schemaVersion": 2,', '"schemaVersion": 2,\n  "entryPacks": [],')],
      ['"entryPacks" inside a string before the packs', scannedText.replace('扫描的考核', '\\"entryPacks\\": [')],
      ['"entries" beside the packs', scannedText.replace('"schemaVersion": 2,', '"schemaVersion": 2,\n  "entries": [],')],
      ['no "entryPacks"', scannedText.replace('"entryPacks"', '"entryPackz"')],
      ['version 1', scannedText.replace('"schemaVersion": 2,', '"schemaVersion": 1,')],
      ['truncated in a pack', scannedText.slice(0, scannedText.indexOf('"entryPacks"') + 400)],
      ['truncated after the packs', scannedText.slice(0, scannedText.length - 3)],
      ['a U+2028 in a reason', packLine(0, (l) => l.replace('"reason":"问题"', '"reason":"问\u2028题"'))],
    ];
    let quick = 0;
    for (const [what, text] of cases) if (quickly(text, what)) quick++;
    // an escape, U+FEFF, a written id, spaces in a line …: sound, and read the quick way, a line parsed whole when needed
    expect(quick).toBeGreaterThan(5);
    expect(quick).toBeLessThan(cases.length);
  });

  it('is read only when every byte is UTF-8: in a scanned string, a line parsed whole, the text before and after the packs', () => {
    const reason = '"reason":"问题"';
    const firstPackAt = scannedText.indexOf('"entryPacks"');
    // 问 is E9 97 AE: cut short, overlong, a surrogate, a lone continuation byte, a byte never in UTF-8
    const bad: number[][] = [[0xe9, 0x97], [0xe9], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xff], [0xf4, 0x90, 0x80, 0x80]];
    // who wrote an entry: a field the scan does not read, so the line is parsed whole
    const withExtra = packLine(5, (l) => l.replace('{"node":"basic_1",', '{"node":"basic_1","updatedBy":"问题",'));
    for (const by of bad) {
      const hex = by.map((b) => b.toString(16)).join(' ');
      expect(quickly(bytesSwapped(scannedText, '问', by, firstPackAt), `scanned reason, ${hex}`)).toBe(false);
      expect(quickly(bytesSwapped(withExtra, '问', by, withExtra.indexOf('"updatedBy"')), `line parsed whole, ${hex}`)).toBe(false);
      expect(quickly(bytesSwapped(scannedText, '扫', by), `before the packs, ${hex}`)).toBe(false);
      expect(quickly(bytesSwapped(scannedText, '\n}', [0x0a, ...by, 0x7d]), `after the packs, ${hex}`)).toBe(false);
      expect(quickly(bytesSwapped(scannedText, reason, [...utf8('"reason":"'), ...by, 0x22]), `a whole reason, ${hex}`)).toBe(false);
    }
    // the same places with well-formed text are read
    expect(quickly(withExtra, 'a line parsed whole')).toBe(true);
    expect(quickly(bytesSwapped(scannedText, '问', [0xf0, 0x9f, 0x98, 0x80], firstPackAt), 'a character of four bytes')).toBe(true);
  });

  it('gives the ordinary answer or none for any bytes put in, taken out or changed anywhere (property)', () => {
    const text = utf8(scannedText);
    const packsFrom = text.indexOf(0x5b, Buffer.from(scannedText).indexOf('"entryPacks"'));
    // what damage looks like: JSON's own characters, spaces and line ends, digits, escapes, parts of characters
    const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\r', '\t', '0', '9', '.', '-', 'e', '\\u0041', '\\"', 'null', '"entryPacks"', '问', '\uFEFF']
      .map((p) => [...utf8(p)])
      .concat([[0xe9], [0x97, 0xae], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]);
    const edit = fc.record({
      // most edits in the packs, where the quick reading does its own work
      at: fc.oneof({ arbitrary: fc.integer({ min: packsFrom, max: text.length - 1 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: text.length - 1 }), weight: 1 }),
      cut: fc.integer({ min: 0, max: 3 }),
      put: fc.array(fc.constantFrom(...pieces), { maxLength: 2 }),
    });
    let quick = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let b = text;
        for (const { at, cut, put } of edits) {
          const p = Math.min(at, b.length);
          const by = put.flat();
          const next = new Uint8Array(b.length - Math.min(cut, b.length - p) + by.length);
          next.set(b.subarray(0, p));
          next.set(by, p);
          next.set(b.subarray(p + cut), p + by.length);
          b = next;
        }
        if (same(b, JSON.stringify(edits))) quick++;
      }),
      { numRuns: 400, seed: 20261204 },
    );
    // some edits leave the file sound (a digit changed, a space put between packs): those are read quickly
    expect(quick).toBeGreaterThan(10);
  }, 120_000);
});

describe('the search for a key among bytes', () => {
  it('finds what a plain search finds, from any place, by any of its bytes (property)', () => {
    const naive = (buf: Uint8Array, seq: Uint8Array, from: number) => {
      for (let i = Math.max(0, from); i + seq.length <= buf.length; i++) if (seq.every((b, k) => buf[i + k] === b)) return i;
      return -1;
    };
    const bytes = (max: number) => fc.array(fc.integer({ min: 0x61, max: 0x63 }), { maxLength: max }).map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(bytes(40), bytes(4).filter((s) => s.length > 0), fc.nat(45), fc.nat(3), (buf, seq, from, anchor) => {
        expect(indexOfBytes(buf, seq, from, anchor % seq.length)).toBe(naive(buf, seq, from));
      }),
      { numRuns: 2000, seed: 20261205 },
    );
  });
});
