import { describe, expect, it } from 'vitest';
import { changedElsewhere, revisionKey } from '../../src/ui/grid/changedElsewhere';
import { makeEntry } from '../fixtures/ruleSets';

const v1 = { ...makeEntry({ value: 10 }), rev: 1 };
const v2 = { ...v1, value: 12, rev: 2 };

describe('changedElsewhere: a cell edited in two tabs', () => {
  it('is unchanged while the stored revision is the one the editor opened with', () => {
    expect(changedElsewhere(v1, { ...v1 }, new Set())).toBe(false);
    expect(changedElsewhere(undefined, undefined, new Set())).toBe(false);
  });

  it('has changed when another tab saved a newer revision, or filled or emptied the cell', () => {
    expect(changedElsewhere(v1, v2, new Set())).toBe(true);
    expect(changedElsewhere(undefined, v1, new Set())).toBe(true);
    expect(changedElsewhere(v1, undefined, new Set())).toBe(true);
  });

  it('has not changed when the newer revision is this tab’s own save', () => {
    expect(changedElsewhere(v1, v2, new Set([revisionKey(v2)]))).toBe(false);
    expect(changedElsewhere(undefined, v1, new Set([revisionKey(v1)]))).toBe(false);
  });
});
