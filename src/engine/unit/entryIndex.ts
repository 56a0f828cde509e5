/**
 * A unit's entries indexed for evaluation: by node and object, one entry per assessor (the highest
 * revision wins).
 *
 * Built with the rule set's plan, the unit-level entries of the plan's nodes sit in flat arrays by node
 * index (a few slots per node), and each leaf entry is scored as it is put — once when a sheet is loaded,
 * once more per edit — so evaluating the unit reads numbers from typed arrays instead of chasing every
 * entry object, and a nation-wide group is a few thousand arrays rather than a million small objects.
 */
import type { ScoreEntry } from '../../model/entries';
import type { Plan } from '../rules/plan';
import { scoreInto } from './leafScore';
import * as P from '../arith/pairs';

const NO_OBJECT = '';
const EMPTY: readonly ScoreEntry[] = [];
export const memoKey = (key: string, objectId: string): string => `${key}|${objectId}`;

/** Entry slots per node; a node with more entries keeps them in a list instead (see `SPILLED`). */
export const SLOTS = 4;
/** `count` of a node whose entries outgrew its slots */
export const SPILLED = 255;

/** One assessor per cell: a later revision (or the same entry saved again) replaces the earlier one. */
function putInList(list: ScoreEntry[], e: ScoreEntry): void {
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (x.assessorId !== e.assessorId) continue;
    if (e.rev >= x.rev || e.id === x.id) list[i] = e;
    return;
  }
  list.push(e);
}

const marksNotApplicable = (e: ScoreEntry | undefined): boolean => e?.notApplicable === true;

export class UnitSheet {
  /** entries of node i in entries[i·SLOTS …], `count[i]` of them (SPILLED: in `spilled`) */
  readonly entries: (ScoreEntry | undefined)[] | undefined;
  readonly count: Uint8Array | undefined;
  /**
   * The score of the entry in slot j as scores[2j] / scores[2j+1], reduced. NaN when the entry cannot be
   * scored (a value that is not a finite number): evaluation then scores it again and reports the error,
   * if the node is evaluated at all.
   */
  readonly scores: Float64Array | undefined;
  /** an entry marks node i not applicable */
  readonly notApplicable: Uint8Array | undefined;
  private spilled: Map<number, ScoreEntry[]> | undefined;
  private byNode: Map<string, ScoreEntry[]> | undefined;
  private byObject: Map<string, ScoreEntry[]> | undefined;

  constructor(
    entries: readonly ScoreEntry[] = [],
    readonly plan?: Plan,
  ) {
    if (plan) {
      this.entries = new Array<ScoreEntry | undefined>(plan.size * SLOTS);
      this.count = new Uint8Array(plan.size);
      this.scores = new Float64Array(plan.size * SLOTS * 2);
      this.notApplicable = new Uint8Array(plan.size);
    }
    for (const e of entries) this.put(e);
  }

  /** The plan's node index of a unit-level entry, or undefined for one the maps hold. */
  private slotOf(e: ScoreEntry): number | undefined {
    return this.plan && e.objectId === undefined ? this.plan.index.get(e.node) : undefined;
  }

  private listFor(e: ScoreEntry, create: boolean): ScoreEntry[] | undefined {
    const byObject = e.objectId !== undefined;
    let map = byObject ? this.byObject : this.byNode;
    if (!map) {
      if (!create) return undefined;
      map = new Map();
      if (byObject) this.byObject = map;
      else this.byNode = map;
    }
    const k = byObject ? memoKey(e.node, e.objectId!) : e.node;
    let list = map.get(k);
    if (!list && create) map.set(k, (list = []));
    return list;
  }

  /** Add or replace an entry (same id, or same assessor for the same cell). */
  put(e: ScoreEntry): void {
    const i = this.slotOf(e);
    if (i === undefined) putInList(this.listFor(e, true)!, e);
    else this.putAt(i, e);
  }

  private putAt(i: number, e: ScoreEntry): void {
    const entries = this.entries!;
    const count = this.count!;
    const c = count[i]!;
    if (c === SPILLED) {
      const list = this.spilled!.get(i)!;
      putInList(list, e);
      this.notApplicable![i] = list.some(marksNotApplicable) ? 1 : 0;
      return;
    }
    const base = i * SLOTS;
    for (let k = 0; k < c; k++) {
      const x = entries[base + k]!;
      if (x.assessorId !== e.assessorId) continue;
      if (e.rev >= x.rev || e.id === x.id) {
        entries[base + k] = e;
        this.score(i, base + k, e);
        this.markNotApplicable(i);
      }
      return;
    }
    if (c < SLOTS) {
      entries[base + c] = e;
      count[i] = c + 1;
      this.score(i, base + c, e);
      if (e.notApplicable === true) this.notApplicable![i] = 1;
      return;
    }
    // more assessors than slots: this node keeps a plain list and is evaluated the general way
    const list = entries.slice(base, base + c) as ScoreEntry[];
    list.push(e);
    for (let k = 0; k < c; k++) entries[base + k] = undefined;
    (this.spilled ??= new Map()).set(i, list);
    count[i] = SPILLED;
    this.markNotApplicable(i);
  }

  private score(i: number, slot: number, e: ScoreEntry): void {
    const leaf = this.plan!.leaf[i];
    if (!leaf) return;
    let n = NaN;
    let d = NaN;
    try {
      scoreInto(leaf, e);
      n = P.R.n;
      d = P.R.d;
    } catch {
      // kept as NaN, see `scores`
    }
    this.scores![2 * slot] = n;
    this.scores![2 * slot + 1] = d;
  }

  private markNotApplicable(i: number): void {
    this.notApplicable![i] = this.at(i).some(marksNotApplicable) ? 1 : 0;
  }

  remove(e: ScoreEntry): boolean {
    const i = this.slotOf(e);
    if (i === undefined) {
      const list = this.listFor(e, false);
      const k = list?.findIndex((x) => x.id === e.id) ?? -1;
      if (!list || k < 0) return false;
      list.splice(k, 1);
      return true;
    }
    const c = this.count![i]!;
    if (c === SPILLED) {
      const list = this.spilled!.get(i)!;
      const k = list.findIndex((x) => x.id === e.id);
      if (k < 0) return false;
      list.splice(k, 1);
      this.markNotApplicable(i);
      return true;
    }
    const entries = this.entries!;
    const scores = this.scores!;
    const base = i * SLOTS;
    let k = 0;
    while (k < c && entries[base + k]!.id !== e.id) k++;
    if (k === c) return false;
    for (; k < c - 1; k++) {
      entries[base + k] = entries[base + k + 1];
      scores[2 * (base + k)] = scores[2 * (base + k + 1)]!;
      scores[2 * (base + k) + 1] = scores[2 * (base + k + 1) + 1]!;
    }
    entries[base + c - 1] = undefined;
    this.count![i] = c - 1;
    this.markNotApplicable(i);
    return true;
  }

  /** Forgets every entry of `e`'s cell (its node, or node and object), so the cell can be filled again. */
  clearCellOf(e: ScoreEntry): void {
    const i = this.slotOf(e);
    if (i === undefined) {
      if (e.objectId === undefined) this.byNode?.delete(e.node);
      else this.byObject?.delete(memoKey(e.node, e.objectId));
      return;
    }
    const c = this.count![i]!;
    if (c === SPILLED) this.spilled!.delete(i);
    else for (let k = 0; k < c; k++) this.entries![i * SLOTS + k] = undefined;
    this.count![i] = 0;
    this.notApplicable![i] = 0;
  }

  get(node: string, objectId: string): readonly ScoreEntry[] {
    if (objectId !== NO_OBJECT) return this.byObject?.get(memoKey(node, objectId)) ?? EMPTY;
    const i = this.plan ? this.plan.index.get(node) : undefined;
    if (i !== undefined) return this.at(i);
    return this.byNode?.get(node) ?? EMPTY;
  }

  /** Unit-level entries of the plan's node `i` (only for a sheet built with that plan). */
  at(i: number): readonly ScoreEntry[] {
    const c = this.count![i]!;
    if (c === 0) return EMPTY;
    if (c === SPILLED) return this.spilled!.get(i)!;
    return this.entries!.slice(i * SLOTS, i * SLOTS + c) as ScoreEntry[];
  }
}
