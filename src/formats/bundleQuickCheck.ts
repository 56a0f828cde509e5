/**
 * A quick yes for the entries of a version 2 bundle: true only when `checkBundle` would find nothing
 * wrong with them. Anything it is not sure of gives false, and the caller runs the full checks, so a
 * refused file is always described by the same code, with the same messages, as before.
 *
 * Why it is quick: a pack names its unit and assessor once, so those are looked up per pack, not per
 * entry; an entry's id left to the pack (the cell's own id) is unique exactly when its cell is, as long
 * as no part of the cell contains the id's separator, so no map of a million ids is built; and an entry
 * that is only a value (the common case) is valid or not for every unit of the same group and class,
 * so each node × value is checked once by `validateEntry` and remembered.
 */
import { compileRuleSet, validateEntry, type CompiledRuleSet, type Finding, type Leaf, type ScoreEntry, type Unit } from '../engine';
import type { Bundle } from '../model/assessment';
import { cellEntryId } from '../model/cellId';
import type { ScannedPack } from '../model/scannedPack';

/** One pack as read: its cell, where its entries sit in the flat list, and whether every id was left out. */
export interface PackRun {
  unitId: string;
  assessorId: string;
  start: number;
  end: number;
  ownIds: boolean;
}

/** the separator of cellEntryId: parts free of it join into distinct ids */
const plainPart = (s: string) => s.length > 0 && s.indexOf(':') < 0;

/** What validateEntry says of entries of one group and unit class, remembered per node and value. */
class ValidityMemo {
  private readonly byValue = new Map<string, Map<number | undefined, boolean>>();
  private readonly notApplicable = new Map<string, boolean>();
  private readonly checkpoints = new Map<string, Set<string>>();

  constructor(
    private readonly compiled: CompiledRuleSet,
    /** the first unit seen of this group and class: stands for the others in the checks */
    private readonly unit: Unit,
  ) {}

  /** The entry of `unit` (of this group and class) passes validateEntry. */
  ok(e: ScoreEntry, unit: Unit): boolean {
    if (e.objectId !== undefined || e.checks !== undefined || e.triggered !== undefined) return validateEntry(this.compiled, unit, e).length === 0;
    if (e.notApplicable === true) {
      // nothing but the node and the object is checked on a not-applicable mark
      let known = this.notApplicable.get(e.node);
      if (known === undefined) this.notApplicable.set(e.node, (known = validateEntry(this.compiled, this.unit, { ...e, unitId: this.unit.id, findings: undefined, value: undefined }).length === 0));
      return known;
    }
    if (e.findings !== undefined) {
      const leaf = this.compiled.byKey.get(e.node);
      if (!leaf || (leaf.type !== 'deduction' && leaf.type !== 'penalty') || !this.findingsOk(leaf, e.findings)) {
        return validateEntry(this.compiled, unit, e).length === 0;
      }
    }
    return this.bareOk(e.node, e.value, e.notApplicable, e.assessorId, e.id, e.rev);
  }

  /** What bareOk has found of each node's values, by the node's place in a list of nodes (a scanned pack's). */
  valuesOf(nodes: readonly string[]): Map<number | undefined, boolean>[] {
    let byPlace = this.byList.get(nodes);
    if (!byPlace) {
      byPlace = nodes.map((node) => {
        let values = this.byValue.get(node);
        if (!values) this.byValue.set(node, (values = new Map()));
        return values;
      });
      this.byList.set(nodes, byPlace);
    }
    return byPlace;
  }

  private readonly byList = new WeakMap<readonly string[], Map<number | undefined, boolean>[]>();

  /**
   * An entry of this node and value with nothing else to judge (no findings, or findings judged
   * already) passes: the same entry without its findings and as the stand-in unit's, remembered.
   */
  bareOk(node: string, value: number | undefined, notApplicable: boolean | undefined, assessorId: string, id: string, rev: number): boolean {
    let values = this.byValue.get(node);
    if (!values) this.byValue.set(node, (values = new Map()));
    let known = values.get(value);
    if (known === undefined) {
      const bare: ScoreEntry = { id, unitId: this.unit.id, node, assessorId, rev };
      if (value !== undefined) bare.value = value;
      if (notApplicable !== undefined) bare.notApplicable = notApplicable;
      values.set(value, (known = validateEntry(this.compiled, this.unit, bare).length === 0));
    }
    return known;
  }

  /**
   * A scanned pack's entry with findings (each only an id and a reason, count 1) passes, where its
   * leaf takes findings that give no points of their own; false where that is not sure. findingsOk
   * judges each finding alone and then their ids, so a node that takes one such finding takes any
   * list of them whose ids are distinct.
   */
  scannedFindingsOk(node: string, ids: readonly string[], from: number, to: number): boolean {
    let takes = this.takesBareFindings.get(node);
    if (takes === undefined) {
      const leaf = this.compiled.byKey.get(node);
      takes = leaf !== undefined && (leaf.type === 'deduction' || leaf.type === 'penalty') && this.findingsOk(leaf, [{ id: 'f', count: 1, reason: '-' }]);
      this.takesBareFindings.set(node, takes);
    }
    if (!takes) return false;
    for (let a = from + 1; a < to; a++) for (let b = from; b < a; b++) if (ids[a] === ids[b]) return false;
    return true;
  }

  private readonly takesBareFindings = new Map<string, boolean>();

  /** checkLeaf's finding rules, for findings that give no points of their own */
  private findingsOk(leaf: Leaf & { type: 'deduction' | 'penalty' }, findings: readonly Finding[]): boolean {
    let cps = this.checkpoints.get(leaf.key);
    if (!cps) this.checkpoints.set(leaf.key, (cps = new Set((leaf.checkpoints ?? []).map((c) => c.key))));
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      if (f.points !== undefined) return false;
      if (f.checkpoint !== undefined ? !cps.has(f.checkpoint) : leaf.perFinding === undefined) return false;
      for (let j = 0; j < i; j++) if (findings[j]!.id === f.id) return false;
    }
    return true;
  }
}

/**
 * The quick yes, pack run by pack run: `runs` may be given in several calls (a file read unit by unit),
 * each with the entries its runs point into. True from every call, and `covered` equal to the number
 * of entries, is entriesSurelyValid's true.
 */
export class EntryQuickCheck {
  private readonly compiled = new Map<string, CompiledRuleSet>();
  private readonly units: Map<string, Unit>;
  private readonly assessors: Set<string>;
  private readonly only: string | undefined;
  private readonly removed: Set<string>;
  private readonly memos = new Map<string, Map<string | undefined, ValidityMemo>>();
  private readonly packsOf = new Map<string, Set<string>>();
  private readonly nodes = new Set<string>();
  private readonly objectCells = new Map<string, Set<string>>();
  /** lists of nodes of scanned packs, each node free of the separator and none twice */
  private readonly plainLists = new WeakSet<readonly string[]>();
  /** false once a group's rule set is missing: nothing is then sure */
  private readonly sound: boolean = true;
  /** entries judged so far */
  covered = 0;

  /** `b`: the bundle without its entries (only its other sections are read) */
  constructor(b: Bundle) {
    for (const g of b.assessment.groups) {
      const rs = b.ruleSets.find((r) => r.id === g.ruleSetId);
      if (!rs) {
        this.sound = false;
        break;
      }
      this.compiled.set(g.key, compileRuleSet(rs));
    }
    this.units = new Map(b.units.map((u) => [u.id, u]));
    this.assessors = new Set(b.assessors.map((a) => a.id));
    this.only = b.scope.kind === 'assessor' ? b.scope.assessorId : undefined;
    this.removed = new Set((b.removals ?? []).map((r) => r.id));
  }

  /**
   * The memo of a pack's unit, where the pack's cell passes: its id parts free of the separator, its
   * unit and assessor in the file (and in scope), its first pack. Undefined where not sure.
   */
  private cell(unitId: string, assessorId: string): { unit: Unit; memo: ValidityMemo } | undefined {
    if (!this.sound || !plainPart(unitId) || !plainPart(assessorId)) return undefined;
    if (!this.assessors.has(assessorId) || (this.only !== undefined && assessorId !== this.only)) return undefined;
    const unit = this.units.get(unitId);
    const c = unit && this.compiled.get(unit.group);
    if (!unit || !c) return undefined;
    // a second pack of the same unit × assessor could repeat a cell: left to the full check
    let seen = this.packsOf.get(unit.id);
    if (!seen) this.packsOf.set(unit.id, (seen = new Set()));
    if (seen.has(assessorId)) return undefined;
    seen.add(assessorId);
    let byClass = this.memos.get(unit.group);
    if (!byClass) this.memos.set(unit.group, (byClass = new Map()));
    let memo = byClass.get(unit.unitClass);
    if (!memo) byClass.set(unit.unitClass, (memo = new ValidityMemo(c, unit)));
    return { unit, memo };
  }

  /** True when the entries of these runs are surely valid (see entriesSurelyValid). */
  runs(entries: readonly ScoreEntry[], runs: readonly PackRun[]): boolean {
    if (!this.sound) return false;
    const { removed, nodes, objectCells } = this;
    for (const run of runs) {
      if (!run.ownIds) return false;
      const cell = this.cell(run.unitId, run.assessorId);
      if (!cell) return false;
      const { unit, memo } = cell;
      nodes.clear();
      objectCells.clear();
      for (let i = run.start; i < run.end; i++) {
        const e = entries[i]!;
        if (e.unitId !== run.unitId || e.assessorId !== run.assessorId) return false;
        if (!plainPart(e.node)) return false;
        if (e.objectId === undefined) {
          if (nodes.has(e.node)) return false;
          nodes.add(e.node);
        } else {
          if (!plainPart(e.objectId)) return false;
          let objects = objectCells.get(e.node);
          if (!objects) objectCells.set(e.node, (objects = new Set()));
          if (objects.has(e.objectId)) return false;
          objects.add(e.objectId);
        }
        if (removed.size > 0 && removed.has(e.id)) return false;
        if (!memo.ok(e, unit)) return false;
      }
      this.covered += run.end - run.start;
    }
    return true;
  }

  /**
   * True when the entries of a scanned pack are surely valid: the checks of `runs` on the entries it
   * stands for (scannedEntries), made on its columns.
   */
  scanned(p: ScannedPack): boolean {
    const cell = this.cell(p.unitId, p.assessorId);
    if (!cell) return false;
    const { memo } = cell;
    const { removed, nodes } = this;
    const { unitId, assessorId, node, value, findings } = p;
    // a list of nodes found plain and distinct once is so in every pack that lists it
    if (!this.plainLists.has(node)) {
      nodes.clear();
      for (const k of node) {
        if (!plainPart(k) || nodes.has(k)) return false;
        nodes.add(k);
      }
      this.plainLists.add(node);
    }
    const judged = memo.valuesOf(node);
    let j = 0;
    let f = 0;
    for (let i = 0; i < node.length; i++) {
      const k = node[i]!;
      const found = findings !== undefined && findings.entry[j] === i;
      const v = found ? undefined : value[i];
      if (removed.size > 0 && removed.has(cellEntryId({ unitId, node: k, assessorId }))) return false;
      if (found) {
        const to = f + findings.size[j++]!;
        if (!memo.scannedFindingsOk(k, findings.id, f, to)) return false;
        f = to;
      }
      // the id is made only for a node and value judged the first time
      if (!(judged[i]!.get(v) ?? memo.bareOk(k, v, undefined, assessorId, cellEntryId({ unitId, node: k, assessorId }), 1))) return false;
    }
    this.covered += node.length;
    return true;
  }
}

/**
 * True when `checkBundle` would report nothing about the entries (its checks of everything else must
 * already have passed: rule sets, groups, units, assessors, removals).
 */
export function entriesSurelyValid(b: Bundle, runs: readonly PackRun[]): boolean {
  const check = new EntryQuickCheck(b);
  return check.runs(b.entries, runs) && check.covered === b.entries.length;
}
