/**
 * Every assessor's entries of each unit, as the live assessment publishes them after each save: a new
 * map per change that shares everything unchanged with the one before (copying 3,000 units' lists per
 * keystroke showed in the page's pauses), and says which units changed since the map it was made from,
 * so a page redoes its per-unit work for those units only.
 */
import type { ScoreEntry } from '../engine';

type Lists = ReadonlyMap<string, readonly ScoreEntry[]>;

/** A unit changed on top of the shared map: its list (null: no entries any more), and whether it now comes after the shared units. */
interface Slot {
  list: readonly ScoreEntry[] | null;
  tail: boolean;
}

/** changes kept on top of the shared map before they are folded into a new one */
const FOLD_AT = 256;

export class UnitEntries implements Lists {
  private constructor(
    private readonly base: Lists,
    /** units changed on top of `base` */
    private readonly over: ReadonlyMap<string, Slot>,
    readonly size: number,
    /** the map this one was made from, and the units whose lists differ from it */
    readonly parent: UnitEntries | undefined,
    readonly changed: ReadonlySet<string>,
  ) {}

  static of(lists: Lists): UnitEntries {
    return new UnitEntries(lists, new Map(), lists.size, undefined, new Set());
  }

  /** A new map with these units' lists replaced (an empty list removes the unit). */
  with(changes: ReadonlyMap<string, readonly ScoreEntry[]>): UnitEntries {
    const over = new Map(this.over);
    let size = this.size;
    for (const [unitId, list] of changes) {
      const had = this.has(unitId);
      const tail = over.get(unitId)?.tail ?? false;
      if (list.length > 0 && had) over.set(unitId, { list, tail });
      else if (list.length > 0) {
        // new, or back after being emptied: at the end, as a Map puts a key set again after a delete
        over.delete(unitId);
        over.set(unitId, { list, tail: true });
        size++;
      } else if (had) {
        over.set(unitId, { list: null, tail });
        size--;
      }
    }
    const changed = new Set(changes.keys());
    if (over.size < FOLD_AT) return new UnitEntries(this.base, over, size, this, changed);
    const folded = new Map<string, readonly ScoreEntry[]>();
    for (const [k, v] of this.entriesOf(over)) folded.set(k, v);
    return new UnitEntries(folded, new Map(), folded.size, this, changed);
  }

  get(unitId: string): readonly ScoreEntry[] | undefined {
    const o = this.over.get(unitId);
    return o ? (o.list ?? undefined) : this.base.get(unitId);
  }

  has(unitId: string): boolean {
    return this.get(unitId) !== undefined;
  }

  /** In the order of a Map edited the same way: replaced lists in place, new units at the end. */
  private *entriesOf(over: ReadonlyMap<string, Slot>): MapIterator<[string, readonly ScoreEntry[]]> {
    for (const [k, v] of this.base) {
      const o = over.get(k);
      if (!o) yield [k, v];
      else if (!o.tail && o.list) yield [k, o.list];
    }
    for (const [k, o] of over) if (o.tail && o.list) yield [k, o.list];
  }

  entries(): MapIterator<[string, readonly ScoreEntry[]]> {
    return this.entriesOf(this.over);
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<readonly ScoreEntry[]> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, readonly ScoreEntry[]]> {
    return this.entries();
  }

  forEach(fn: (value: readonly ScoreEntry[], key: string, map: Lists) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/**
 * The units whose entry lists differ between an earlier published map and a later one, when the later
 * was made from the earlier by a few saves; null when that is not known (count everything again).
 */
export function unitsChangedSince(later: Lists, earlier: Lists): ReadonlySet<string> | null {
  if (later === earlier) return new Set();
  const changed = new Set<string>();
  let m: UnitEntries | undefined = later instanceof UnitEntries ? later : undefined;
  for (let steps = 0; m && steps < 16; steps++, m = m.parent) {
    for (const k of m.changed) changed.add(k);
    if (m.parent === earlier) return changed;
  }
  return null;
}
