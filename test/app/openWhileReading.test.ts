/**
 * Opening a version 2 file stores its packs while it reads them (bundleOpen.ts): the store writes one
 * slice while the next is read, and keeps the whole only when the checks across the file pass. What it
 * keeps is what reading the file whole and then storing it keeps; a file that fails on the way, or an
 * opening the page stops, keeps nothing; a file the quick reading cannot take whole is still opened or
 * refused as before.
 */
import { describe, expect, it } from 'vitest';
import { openBundle, type OpenMessage, type OpenStep } from '../../src/app/bundleOpen';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import type { Bundle } from '../../src/model/assessment';
import { appeal } from '../../src/model/appeal';
import { loadBundleAsNewAssessment } from '../../src/store/repo';
import { dump, freshDb } from '../store/testDb';
import { makeBundle, makeEntry } from '../fixtures/bundles';

const UNITS = 700;

/** 700 units × 2 assessors: 1,400 packs, three slices of reading and writing. */
function large(): Bundle {
  const units = Array.from({ length: UNITS }, (_, i) => ({ id: `u${String(i).padStart(3, '0')}`, name: `单位${i}`, group: 'city' }));
  const entries = units.flatMap((u, i) =>
    ['as1', 'as2'].flatMap((a) => [
      makeEntry({ id: `${u.id}:basic:${a}`, unitId: u.id, assessorId: a, node: 'basic', value: (i % 20) / 2 }),
      makeEntry({ id: `${u.id}:website:${a}`, unitId: u.id, assessorId: a, node: 'website', value: undefined, findings: [{ id: 'f1', count: 1 + (i % 3), reason: '栏目未更新' }] }),
    ]),
  );
  return makeBundle({ units, entries });
}

async function open(db: ReturnType<typeof freshDb>, text: string, stop?: (steps: OpenStep[]) => boolean): Promise<{ messages: OpenMessage[]; steps: OpenStep[] }> {
  const messages: OpenMessage[] = [];
  const steps: OpenStep[] = [];
  const file = new File([text], 'nation.json');
  const post = (m: OpenMessage) => {
    messages.push(m);
    if (m.kind === 'step') steps.push(m.step);
  };
  await openBundle({ file, fileName: file.name, open: { dbName: db.name, who: '办公室' } }, post, () => stop?.(steps) ?? false, db);
  return { messages, steps };
}

/** The stored rows without what differs from one opening to the next (times of creation and of the log). */
async function rows(db: ReturnType<typeof freshDb>) {
  const all = await dump(db);
  for (const r of all.assessments as { createdAt?: string }[]) delete r.createdAt;
  for (const r of all.audit as { at?: string; seq?: number }[]) {
    delete r.at;
    delete r.seq;
  }
  return all;
}

/** The same file read whole (parseBundle) and then stored, as every other file is. */
async function storedWhole(text: string) {
  const db = freshDb();
  const parsed = parseBundle(text, 'nation.json');
  if (!parsed.ok) throw new Error('the file does not parse');
  await loadBundleAsNewAssessment(db, parsed.bundle, { who: '办公室' });
  return rows(db);
}

const loads = (steps: OpenStep[]) => steps.flatMap((s) => (s.stage === 'load' ? [[s.done, s.total]] : []));

describe('opening a version 2 file while reading it', () => {
  it('writes slice by slice, and keeps what reading it whole and then storing it keeps', async () => {
    const text = serializeBundle(large());
    const db = freshDb();
    const { messages, steps } = await open(db, text);
    expect(messages.at(-1)).toEqual({ kind: 'opened', opened: { ok: true, id: 'a-2024', name: '2024年度政务公开考核', year: 2024 } });
    // the bar counts packs as they are written, slices of 500 read: each slice's last unit (its two packs)
    // waits for the next slice, which might hold more of its packs
    expect(loads(steps)).toEqual([
      [0, 1400],
      [498, 1400],
      [998, 1400],
      [1398, 1400],
      [1400, 1400],
    ]);
    expect(steps.map((s) => s.stage).filter((s, i, all) => s !== all[i - 1])).toEqual(['read', 'load', 'check', 'store']);
    expect(await rows(db)).toEqual(await storedWhole(text));
  });

  it('keeps nothing when a pack late in the file is damaged, and refuses it at its place as before', async () => {
    const text = serializeBundle(large());
    // the last pack's entry names a check point the rule set does not have
    const at = text.lastIndexOf('"website"');
    const damaged = `${text.slice(0, at)}"nowhere"${text.slice(at + '"website"'.length)}`;
    const db = freshDb();
    const before = await dump(db);
    const { messages, steps } = await open(db, damaged);
    // the damage is met as its slice (the third) is read, while the second is written: one was written before
    expect(loads(steps).at(-1)).toEqual([498, 1400]);
    const last = messages.at(-1);
    if (last?.kind !== 'opened' || last.opened.ok) throw new Error(`not refused: ${JSON.stringify(last)}`);
    const whole = parseBundle(damaged, 'nation.json');
    if (whole.ok) throw new Error('the damaged file parses');
    expect(last.opened.errors).toEqual(whole.errors);
    expect(last.opened.errors.map((e) => e.path).join(' ')).toMatch(/entr/);
    expect(await dump(db)).toEqual(before);
  });

  it('keeps what reading it whole keeps when an appeal names entries (the entries are then kept for that check)', async () => {
    const target = { entryId: 'u001:website:as1', node: 'website', findingId: 'f1' };
    const ap = appeal.parse({ id: 'ap1', unitId: 'u001', targets: [target], appellant: '王五', filedAt: '2025-01-24', reason: '检查前已更新' });
    const text = serializeBundle({ ...large(), appeals: [ap] });
    const db = freshDb();
    const { messages, steps } = await open(db, text);
    expect(messages.at(-1)).toEqual({ kind: 'opened', opened: { ok: true, id: 'a-2024', name: '2024年度政务公开考核', year: 2024 } });
    expect(loads(steps).at(-1)).toEqual([1400, 1400]);
    // stored while read: not read again the ordinary way (which would parse)
    expect(steps.map((s) => s.stage).filter((s, i, all) => s !== all[i - 1])).toEqual(['read', 'load', 'check', 'store']);
    expect(await rows(db)).toEqual(await storedWhole(text));
  });

  it('keeps nothing when only the checks across the whole file fail (an appeal naming another unit’s entry)', async () => {
    const target = { entryId: 'u002:website:as1', node: 'website', findingId: 'f1' };
    const ap = appeal.parse({ id: 'ap1', unitId: 'u001', targets: [target], appellant: '王五', filedAt: '2025-01-24', reason: '检查前已更新' });
    const text = serializeBundle({ ...large(), appeals: [ap] });
    const whole = parseBundle(text, 'nation.json');
    if (whole.ok) throw new Error('the file parses');
    expect(whole.errors.map((e) => e.path)).toEqual(['appeals[0].targets[0].entryId']);
    const db = freshDb();
    const before = await dump(db);
    const { messages, steps } = await open(db, text);
    expect(loads(steps).at(-1)).toEqual([1400, 1400]); // every pack was written before the checks across packs
    const last = messages.at(-1);
    if (last?.kind !== 'opened' || last.opened.ok) throw new Error(`not refused: ${JSON.stringify(last)}`);
    expect(last.opened.errors).toEqual(whole.errors);
    expect(await dump(db)).toEqual(before);
  });

  it('opens a file whose unit × assessor is split over two lines far apart, as reading it whole does', async () => {
    const text = serializeBundle(large());
    // u000 × as1's second entry moved to a line of its own at the end of the packs
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('{"unitId":"u000","assessorId":"as1"'));
    const last = lines.findLastIndex((l) => l.trimStart().startsWith('{"unitId"'));
    expect(last - first).toBeGreaterThan(1000);
    const pack = JSON.parse(lines[first]!.replace(/,$/, '')) as { entries: unknown[] };
    expect(pack.entries).toHaveLength(2);
    const moved = { ...pack, entries: pack.entries.slice(1) };
    lines[first] = `${JSON.stringify({ ...pack, entries: pack.entries.slice(0, 1) })},`;
    lines[last] = `${lines[last]!},\n${JSON.stringify(moved)}`;
    const split = lines.join('\n');
    const whole = parseBundle(split, 'nation.json');
    expect(whole.ok).toBe(true);
    const db = freshDb();
    const { messages } = await open(db, split);
    expect(messages.at(-1)).toMatchObject({ kind: 'opened', opened: { ok: true } });
    expect(await rows(db)).toEqual(await storedWhole(split));
  });

  it('stops when asked between slices, keeping nothing, and says so', async () => {
    const text = serializeBundle(large());
    const db = freshDb();
    const before = await dump(db);
    const { messages, steps } = await open(db, text, (seen) => seen.some((s) => s.stage === 'load' && s.done > 0));
    expect(messages.at(-1)).toEqual({ kind: 'stopped' });
    expect(loads(steps).at(-1)).toEqual([498, 1400]);
    expect(await dump(db)).toEqual(before);
  });

  it('refuses an assessment already here before writing any entry, in the store’s words', async () => {
    const text = serializeBundle(large());
    const db = freshDb();
    await open(db, text);
    const before = await dump(db);
    const { messages } = await open(db, text);
    const last = messages.at(-1);
    if (last?.kind !== 'refused') throw new Error(`not refused: ${JSON.stringify(last)}`);
    expect('text' in last.failure && last.failure.text).toContain('2024年度政务公开考核');
    expect(await dump(db)).toEqual(before);
  });
});
