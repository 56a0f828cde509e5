/**
 * A pack line read straight from its bytes gives exactly the entries JSON.parse and adoptEntry give,
 * or nothing (and the line is then read by them): numbers at the edges of JSON's grammar and of exact
 * reading, strings with escapes, control characters and Chinese text, and forms it does not read.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanPack, Strings } from '../../src/formats/packScan';
import { NotQuick, unpackEntries } from '../../src/formats/bundlePacked';
import type { ScoreEntry } from '../../src/model/entries';

const NODES = new Map([['k1', 'k1'], ['检查', '检查']]);

/** What the whole-file reading makes of the line: its entries, or undefined when it is not a sound pack. */
function adopted(line: string): ScoreEntry[] | undefined {
  try {
    const read = unpackEntries(undefined, NODES, { count: 1, pack: () => JSON.parse(line) as unknown });
    return read.ok ? read.entries : undefined;
  } catch (e) {
    if (e instanceof NotQuick || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Scans the line (between other bytes, as in a file): the entries, or undefined. */
function scanned(line: string, strings = new Strings()): ScoreEntry[] | undefined {
  const buf = Buffer.from(`[\n${line},\n]`);
  const start = 2;
  const end = start + Buffer.byteLength(line);
  const into: ScoreEntry[] = [{ id: 'before', unitId: 'u', node: 'k1', assessorId: 'a', rev: 1 }];
  const cell = scanPack(buf, start, end, NODES, strings, into);
  if (!cell) {
    expect(into).toHaveLength(1);
    return undefined;
  }
  return into.slice(1);
}

const pack = (entries: string, unit = 'u1') => `{"unitId":"${unit}","assessorId":"a1","entries":[${entries}]}`;

describe('a pack line read from its bytes', () => {
  it('reads values and findings as JSON.parse and adoptEntry do', () => {
    const line = pack('{"node":"k1","value":0.5},{"node":"检查","findings":[{"id":"f0","reason":"问题"},{"id":"f1","reason":"未公开"}]},{"node":"k1","findings":[]}');
    const entries = scanned(line)!;
    expect(entries).toEqual(adopted(line));
    expect(entries[0]).toEqual({ id: 'u1:k1:a1', unitId: 'u1', node: 'k1', assessorId: 'a1', value: 0.5, rev: 1 });
    // the node is the rule set's own string
    expect(entries[1]!.node).toBe(NODES.get('检查'));
    expect(scanned(pack(''))).toEqual([]);
  });

  it('reads every number JSON allows to the same double, and leaves the others to JSON.parse', () => {
    const texts = ['0', '-0', '1', '0.1', '0.3', '-2.5', '10', '123456789012345', '1234567890123456789', '0.1234567890123456789', '1e2', '1E-2', '2.5e+1', '1e400', '-1e400', '01', '1.', '.5', '-', '+1', '1e', '0x10', 'NaN', '1_0', '--1', '00'];
    for (const t of texts) {
      const line = pack(`{"node":"k1","value":${t}}`);
      const s = scanned(line);
      const a = adopted(line);
      if (s === undefined) expect(['1e400', '-1e400', '01', '1.', '.5', '-', '+1', '1e', '0x10', 'NaN', '1_0', '--1', '00'], t).toContain(t);
      else expect(s, t).toEqual(a);
      if (s) expect(Object.is(s[0]!.value, a![0]!.value), t).toBe(true);
    }
  });

  it('gives the same entries or none for random decimal values', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        for (const t of [String(x), x.toFixed(Math.min(digits, 15)), JSON.stringify(x)]) {
          const line = pack(`{"node":"k1","value":${t}}`);
          const s = scanned(line);
          if (s !== undefined) {
            expect(s).toEqual(adopted(line));
            expect(Object.is(s[0]!.value, adopted(line)![0]!.value)).toBe(true);
          }
        }
      }),
      { numRuns: 500, seed: 20261203 },
    );
  });

  it('leaves other forms to JSON.parse: escapes, control characters, other keys and orders, spaces, long ids', () => {
    const others = [
      pack('{"node":"k\\u0031","value":1}'),
      pack('{"node":"k1","value":1}', 'u\\"1'),
      pack('{"node":"k1\t","value":1}'),
      pack('{"node":"k1","value":1,"rev":2}'),
      pack('{"value":1,"node":"k1"}'),
      pack('{"node":"k1","notApplicable":true}'),
      pack('{"node":"k1","objectId":"o1","value":1}'),
      pack('{"node":"k1","findings":[{"id":"f0","reason":"问题","count":2}]}'),
      pack('{"node":"k1","findings":[{"reason":"问题","id":"f0"}]}'),
      pack('{"node":"k1","findings":[{"id":"f0","reason":""}]}'),
      pack('{"node":"k1", "value":1}'),
      pack('{"node":"","value":1}'),
      pack('{"node":"k1","value":1},'),
      pack('{"node":"k1","value":1}', 'u'.repeat(199)),
      pack('{"node":"k1","value":1}', ''),
      `${pack('{"node":"k1","value":1}')} `,
      '{"assessorId":"a1","unitId":"u1","entries":[]}',
    ];
    for (const line of others) expect(scanned(line), line).toBeUndefined();
  });

  it('reads a string kept from an earlier line again only when its bytes are the same', () => {
    const strings = new Strings();
    const a = scanned(pack('{"node":"k1","findings":[{"id":"f0","reason":"问题"}]}'), strings)!;
    const b = scanned(pack('{"node":"k1","findings":[{"id":"f1","reason":"问题二"}]}'), strings)!;
    expect(a[0]!.findings![0]).toEqual({ id: 'f0', count: 1, reason: '问题' });
    expect(b[0]!.findings![0]).toEqual({ id: 'f1', count: 1, reason: '问题二' });
  });
});
