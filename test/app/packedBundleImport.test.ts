/**
 * A damaged version 2 bundle changes nothing in storage: importing it into an assessment, or opening it
 * as a new one, is refused with the place of the problem, and every table stays as it was. The same
 * file undamaged does import, so the refusal is the damage's doing.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBundleFile, openBundleFile } from '../../src/app/exchange';
import { parseBundle, serializeBundle } from '../../src/formats/bundle';
import { dump, freshDb } from '../store/testDb';

const v1Text = readFileSync(new URL('../fixtures/bundle-v1.json', import.meta.url), 'utf8');
const parsed = parseBundle(v1Text, 'bundle-v1.json');
if (!parsed.ok) throw new Error('the kept version 1 bundle does not parse');
const base = parsed.bundle;

/** The assessment's bundle with every entry one revision later and another value: an import would change each. */
function laterText(): string {
  const entries = base.entries.map((e) => (e.value !== undefined ? { ...e, rev: e.rev + 1, value: 0 } : { ...e, rev: e.rev + 1 }));
  return serializeBundle({ ...base, entries });
}

async function opened() {
  const db = freshDb();
  const r = await openBundleFile(db, v1Text, 'bundle-v1.json', '办公室');
  expect(r.ok).toBe(true);
  return db;
}

describe('a damaged version 2 bundle', () => {
  it('imports when undamaged (the check below compares against a file that would change the data)', async () => {
    const db = await opened();
    const before = await dump(db);
    const r = await importBundleFile(db, base.assessment.id, laterText(), 'later.json', '办公室');
    expect(r.ok).toBe(true);
    expect(await dump(db)).not.toEqual(before);
  });

  it('cut short: refused at its line and column, nothing changed', async () => {
    const db = await opened();
    const before = await dump(db);
    const text = laterText();
    const r = await importBundleFile(db, base.assessment.id, text.slice(0, text.length - 200), 'later.json', '办公室');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]!.path).toMatch(/^later\.json:\d+:\d+$/);
    expect(await dump(db)).toEqual(before);
  });

  it('one entry corrupted: refused at that entry in its pack, nothing changed', async () => {
    const db = await opened();
    const before = await dump(db);
    const json = JSON.parse(laterText());
    json.entryPacks[7].entries[3].rev = 'x';
    const r = await importBundleFile(db, base.assessment.id, JSON.stringify(json), 'later.json', '办公室');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([{ path: 'entryPacks[7].entries[3].rev', message: '应为数字，实际为 字符串 "x"' }]);
    expect(await dump(db)).toEqual(before);
  });

  it('opened as a new assessment: refused, no assessment added', async () => {
    const db = freshDb();
    const before = await dump(db);
    const json = JSON.parse(laterText());
    json.entryPacks[2].assessorId = 'nobody';
    const r = await openBundleFile(db, JSON.stringify(json), 'later.json', '办公室');
    expect(r.ok).toBe(false);
    expect(!r.ok && new Set(r.errors.map((e) => e.path))).toEqual(new Set(['entryPacks[2].assessorId']));
    expect(await dump(db)).toEqual(before);
  });
});
