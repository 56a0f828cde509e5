import { describe, expect, it } from 'vitest';
import { cellEntryId, entryFor, findEntry, parseTypedNumber } from '../../src/ui/entry/cell';
import type { ScoreEntry } from '../../src/engine';

const cell = { unitId: 'city-lanzhou', node: 'basic.response', assessorId: 'a1' };

describe('parseTypedNumber', () => {
  it('reads numbers as typed with a Chinese input method', () => {
    expect(parseTypedNumber('３．５')).toBe(3.5);
    expect(parseTypedNumber(' 2。5 ')).toBe(2.5);
    expect(parseTypedNumber('88.5%')).toBe(88.5);
    expect(parseTypedNumber('1,5')).toBe(1.5);
    expect(parseTypedNumber('.5')).toBe(0.5);
  });

  it('gives null for an emptied field and undefined for text that is not a number', () => {
    expect(parseTypedNumber('  ')).toBeNull();
    expect(parseTypedNumber('三分')).toBeUndefined();
    expect(parseTypedNumber('3.5.1')).toBeUndefined();
    expect(parseTypedNumber('1e3')).toBeUndefined();
  });
});

describe('cell entries', () => {
  it('derives the entry id from the cell, so two machines write the same entry', () => {
    expect(cellEntryId(cell)).toBe('city-lanzhou:basic.response:a1');
    expect(cellEntryId({ ...cell, objectId: 'site-1' })).toBe('city-lanzhou:basic.response:a1:site-1');
  });

  it('keeps the id, revision and note of the existing entry and replaces its content', () => {
    const existing: ScoreEntry = { id: 'legacy-7', ...cell, value: 3, note: '复核', rev: 4, updatedBy: '张敏' };
    expect(entryFor(cell, existing, { value: 2.5 })).toEqual({ id: 'legacy-7', ...cell, value: 2.5, note: '复核', rev: 4 });
    expect(entryFor(cell, existing, { notApplicable: true })).toEqual({ id: 'legacy-7', ...cell, notApplicable: true, note: '复核', rev: 4 });
  });

  it('finds the entry of the cell only (same unit, node, assessor and object)', () => {
    const mine: ScoreEntry = { id: 'x', ...cell, value: 1, rev: 1 };
    const other: ScoreEntry = { id: 'y', ...cell, assessorId: 'a2', value: 2, rev: 1 };
    const object: ScoreEntry = { id: 'z', ...cell, objectId: 'site-1', value: 3, rev: 1 };
    expect(findEntry([other, object, mine], cell)).toBe(mine);
    expect(findEntry([other, mine, object], { ...cell, objectId: 'site-1' })).toBe(object);
  });
});
