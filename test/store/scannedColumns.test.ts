/**
 * A file's packs scanned straight into columns are stored exactly as the entries they stand for would
 * be: the same rows in IndexedDB, byte for byte in each column, whatever their order in the file, and
 * read back as the same entries. A pack whose order is not sure goes as entries, with the same result.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scannedEntries, type ReadPack, type ScannedPack } from '../../src/model/scannedPack';
import { addReadPackSlices } from '../../src/store/fedBundle';
import { readAllUnitPacks } from '../../src/store/repo';
import { idBefore, scannedColumns } from '../../src/store/scannedColumns';
import { freshDb, rawRows } from './testDb';

/** Writes the packs in slices of `per` as a file being opened does; the rows as stored and as read. */
async function stored(packs: readonly ReadPack[], per: number) {
  const db = freshDb();
  try {
    const slices: ReadPack[][] = [];
    for (let i = 0; i < packs.length; i += per) slices.push(packs.slice(i, i + per));
    await db.open();
    await db.transaction('rw', db.unitPacks, () => addReadPackSlices(db, 'a-1', () => slices.shift(), () => undefined));
    return { raw: await rawRows(db.name, 'unitPacks'), read: await readAllUnitPacks(db, 'a-1') };
  } finally {
    db.close();
  }
}

const asEntries = (p: ScannedPack): ReadPack => ({ unitId: p.unitId, assessorId: p.assessorId, entries: scannedEntries(p) });

function pack(unitId: string, assessorId: string, entries: readonly { node: string; value?: number; findings?: [string, string][] }[]): ScannedPack {
  const node: string[] = [];
  const p: ScannedPack = { unitId, assessorId, node, value: [], findings: undefined };
  for (const e of entries) {
    if (e.findings) {
      const f = (p.findings ??= { entry: [], size: [], id: [], reason: [] });
      f.entry.push(node.length);
      f.size.push(e.findings.length);
      for (const [id, reason] of e.findings) {
        f.id.push(id);
        f.reason.push(reason);
      }
    }
    node.push(e.node);
    p.value.push(e.findings ? NaN : e.value!);
  }
  return p;
}

describe('a file’s packs scanned into columns, stored', () => {
  it('orders a pack as its ids sort, told from the nodes alone', () => {
    const nodes = ['basic_9', 'basic_10', 'basic_1', 'b', 'b_', 'b.1', 'b.10', '检查', 'Z', 'b0'];
    const byId = [...nodes].sort((a, b) => (`u:${a}:x` < `u:${b}:x` ? -1 : 1));
    expect([...nodes].sort((a, b) => (idBefore(a, b) ? -1 : 1))).toEqual(byId);
    // ':' sorts after the digits: u:basic_10:x before u:basic_1:x
    expect(idBefore('basic_10', 'basic_1')).toBe(true);
    // a node holding the separator: not sure
    expect(idBefore('a', 'a:b')).toBe(false);
    expect(idBefore('a:b', 'a')).toBe(false);
  });

  it('writes a pack in the rule set’s order in columns, as its entries sorted by id would be', async () => {
    const p = pack('u1', 'as1', [
      { node: 'basic_9', value: 2 },
      { node: 'basic_10', findings: [['f0', '未公开'], ['f1', '不及时']] },
      { node: 'basic_1', value: -0 },
      { node: 'basic_2', findings: [] },
      { node: 'basic_11', value: 0.1 },
    ]);
    const scanned = await stored([p], 1);
    const entries = await stored([asEntries(p)], 1);
    expect(scanned.raw).toEqual(entries.raw);
    expect(scanned.read).toEqual(entries.read);
    const [row] = scanned.raw as { inColumns: { columns: { node: string } }[] }[];
    expect(row!.inColumns[0]!.columns.node).toBe('basic_10\nbasic_11\nbasic_1\nbasic_2\nbasic_9');
    expect(Object.is(scanned.read[0]!.packs[0]!.entries.find((e) => e.node === 'basic_1')!.value, -0)).toBe(true);
  });

  it('stores any packs as their entries would be stored (property)', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '1', '.', '_', ':', '检', '\n', '\u001f', 'Z'), minLength: 1, maxLength: 4 });
    const entry = fc.record(
      {
        value: fc.double({ noNaN: true, noDefaultInfinity: true }),
        findings: fc.array(fc.tuple(text, text), { maxLength: 3 }),
        isFindings: fc.boolean(),
      },
      { requiredKeys: ['value', 'findings', 'isFindings'] },
    );
    const cell = fc.record({ nodes: fc.uniqueArray(text, { maxLength: 8 }), entries: fc.array(entry, { minLength: 8, maxLength: 8 }) });
    const packs = fc.array(fc.tuple(fc.constantFrom('u1', 'u2', 'u3'), fc.constantFrom('as1', 'as2'), cell), { maxLength: 6 }).map((list) => {
      // each cell once, a unit's packs next to each other (as a file lists them)
      const seen = new Set<string>();
      return list
        .filter(([u, a]) => !seen.has(`${u}/${a}`) && seen.add(`${u}/${a}`))
        .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
        .map(([u, a, c]) => pack(u, a, c.nodes.map((node, i) => (c.entries[i]!.isFindings ? { node, findings: c.entries[i]!.findings } : { node, value: c.entries[i]!.value }))));
    });
    await fc.assert(
      fc.asyncProperty(packs, fc.integer({ min: 1, max: 3 }), async (list, per) => {
        const scanned = await stored(list, per);
        const entries = await stored(list.map(asEntries), per);
        expect(scanned.raw).toEqual(entries.raw);
        expect(scanned.read).toEqual(entries.read);
        // a pack of plain nodes and texts is always written from its columns
        for (const p of list) {
          const plain = (s: string) => !s.includes(':') && !s.includes('\n') && !s.includes('\u001f');
          if (p.node.every(plain) && (p.findings?.id.every(plain) ?? true) && (p.findings?.reason.every(plain) ?? true)) expect(scannedColumns(p)).toBeDefined();
        }
      }),
      { numRuns: 60, seed: 20261205 },
    );
  });
});
