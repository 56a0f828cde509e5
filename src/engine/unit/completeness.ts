/**
 * Entered or not yet assessed: which required cells of a unit nobody has decided yet.
 *
 * Scoring treats an empty deduction cell as full marks so that a half-entered sheet still gives a
 * number; this pass says how far that number can be trusted. It reads the same sheet but never feeds
 * back into the scores, so a provisional flag can never change a number. The rules (docs/rules.md,
 * "Complete or provisional"):
 * - a cell is a leaf × object (per-object subtrees: one cell per object of the subtree's kind) or a veto;
 * - points, bonus and ratio cells are entered with a value, checklist cells with their ticks saved,
 *   veto cells with triggered true or false, deduction and penalty cells with a findings list — an empty
 *   list is the assessor's explicit "本项无问题";
 * - a node marked not applicable (on the node or an ancestor, for the unit or the object) and a node
 *   the unit's class excludes need nothing below them;
 * - several assessors: every entry that counts for the cell must be entered; under "owner" aggregation
 *   with a declared owner only the owner's entry decides, so a cell only others scored stays missing;
 * - a deduction or penalty cell whose counted findings include one marked 理由待补充 (a score entered
 *   without its reason) is missing too, flagged `reasonPending`: its number is known, but the unit's
 *   result cannot be final — nor its problem list sent — until the reason is written.
 */
import type { GroupNode, RuleNode, Veto } from '../../model/ruleSet';
import type { Assessor, ScoreEntry, Unit } from '../../model/entries';
import { hasPendingReason } from '../../model/pendingReason';
import type { CompiledRuleSet } from '../rules/compile';
import { planOf, type Plan } from '../rules/plan';
import type { MissingCell } from '../result';
import { SLOTS, SPILLED, type UnitSheet } from './entryIndex';

const NO_OBJECT = '';

export interface Completeness {
  complete: boolean;
  missing: MissingCell[];
}

/** Whether one entry decides its cell (and so would survive an appeal as what the assessor meant). */
export function entryDecides(node: RuleNode | Veto, e: ScoreEntry): boolean {
  if (e.notApplicable === true) return true;
  if (!('type' in node)) return e.triggered !== undefined;
  switch (node.type) {
    case 'points':
    case 'bonus':
    case 'ratio':
      return e.value !== undefined;
    case 'checklist':
      return e.checks !== undefined;
    case 'deduction':
    case 'penalty':
      return e.findings !== undefined;
    case 'group':
      return false;
  }
}

class CompletenessWalk {
  readonly missing: MissingCell[] = [];
  private readonly excluded: ReadonlySet<string>;
  private owners: Map<string, string> | undefined;
  /**
   * The plan the sheet was built with, when every entry counts (not owner mode): a unit-level cell is
   * then read where the sheet keeps it, without a list made for each question (the same entries).
   */
  private readonly cells: Plan | undefined;

  constructor(
    private readonly c: CompiledRuleSet,
    private readonly unit: Unit,
    private readonly sheet: UnitSheet,
    private readonly assessors: readonly Assessor[],
  ) {
    this.excluded = new Set(c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass)?.excludes ?? []);
    const plan = sheet.plan && c.ruleSet.assessors.aggregate !== 'owner' ? planOf(c) : undefined;
    this.cells = plan !== undefined && sheet.plan === plan ? plan : undefined;
  }

  /** The plan's index of a unit-level cell the sheet answers for directly, or undefined. */
  private slot(node: string, objectId: string): number | undefined {
    return this.cells && objectId === NO_OBJECT ? this.cells.index.get(node) : undefined;
  }

  private ownerOf(key: string): string | undefined {
    if (this.c.ruleSet.assessors.aggregate !== 'owner') return undefined;
    if (!this.owners) {
      this.owners = new Map();
      for (const a of this.assessors) for (const k of a.owns) this.owners.set(k, a.id);
    }
    for (let k: string | undefined = key; k !== undefined; k = this.c.parent.get(k)) {
      const o = this.owners.get(k);
      if (o !== undefined) return o;
    }
    return this.owners.get(key);
  }

  /** The entries that count for a cell, as evaluation counts them (owner mode: the owner's, when present). */
  private counted(node: string, objectId: string, ownerKey: string): readonly ScoreEntry[] {
    const all = this.sheet.get(node, objectId);
    const owner = this.ownerOf(ownerKey);
    if (owner === undefined || all.length < 2) return all;
    const own = all.filter((e) => e.assessorId === owner);
    return own.length > 0 ? own : all;
  }

  private notApplicable(node: string, objectId: string): boolean {
    const i = this.slot(node, objectId);
    // the sheet keeps, per cell, whether any of its entries marks it not applicable
    if (i !== undefined) return this.sheet.notApplicable![i] === 1;
    return this.counted(node, objectId, node).some((e) => e.notApplicable === true);
  }

  /**
   * A cell is entered when its counted entries exist and all decide it (a declared owner must be
   * among them); 'reasonPending' when they do but a finding's reason is still to be written.
   */
  private entered(node: RuleNode | Veto, objectId: string, ownerKey: string): boolean | 'reasonPending' {
    const i = this.slot(node.key, objectId);
    const count = i === undefined ? SPILLED : this.sheet.count![i]!;
    if (count !== SPILLED) {
      // the cell's entries in the sheet's slots (every entry counts: no owner to look for)
      if (count === 0) return false;
      const entries = this.sheet.entries!;
      let pending = false;
      for (let k = i! * SLOTS, end = k + count; k < end; k++) {
        const e = entries[k]!;
        if (!entryDecides(node, e)) return false;
        if (!pending && e.notApplicable !== true && hasPendingReason(e)) pending = true;
      }
      return pending ? 'reasonPending' : true;
    }
    const es = this.counted(node.key, objectId, ownerKey);
    if (es.length === 0) return false;
    const owner = this.ownerOf(ownerKey);
    if (owner !== undefined && !es.some((e) => e.assessorId === owner)) return false;
    if (!es.every((e) => entryDecides(node, e))) return false;
    return es.some((e) => e.notApplicable !== true && hasPendingReason(e)) ? 'reasonPending' : true;
  }

  private check(node: RuleNode | Veto, objectId: string, ownerKey: string): void {
    const state = this.entered(node, objectId, ownerKey);
    if (state === true) return;
    const cell: MissingCell = objectId === NO_OBJECT ? { node: node.key } : { node: node.key, objectId };
    if (state === 'reasonPending') cell.reasonPending = true;
    this.missing.push(cell);
  }

  private objectsOf(scope: GroupNode): { id: string }[] {
    return this.unit.objects.filter((o) => o.kind === scope.perObject?.kind);
  }

  node(n: RuleNode, objectId: string): void {
    if (this.excluded.has(n.key) || this.notApplicable(n.key, objectId)) return;
    if (n.type !== 'group') {
      this.check(n, objectId, n.key);
      return;
    }
    if (n.perObject && objectId === NO_OBJECT) {
      // each object answers for itself; one may be marked not applicable on its own
      for (const o of this.objectsOf(n)) if (!this.notApplicable(n.key, o.id)) for (const ch of n.children) this.node(ch, o.id);
      return;
    }
    for (const ch of n.children) this.node(ch, objectId);
  }

  veto(v: Veto): void {
    if (v.scope === undefined) {
      this.check(v, NO_OBJECT, v.key);
      return;
    }
    const scope = this.c.byKey.get(v.scope);
    if (!scope || scope.type !== 'group' || this.excluded.has(scope.key) || this.notApplicable(scope.key, NO_OBJECT)) return;
    for (const o of this.objectsOf(scope)) {
      if (this.notApplicable(scope.key, o.id)) continue;
      this.check(v, o.id, v.scope);
    }
  }
}

/** The unit's required cells that are not entered yet, in rule-file order (vetoes first). */
export function unitCompleteness(
  c: CompiledRuleSet,
  unit: Unit,
  sheet: UnitSheet,
  assessors: readonly Assessor[],
): Completeness {
  const walk = new CompletenessWalk(c, unit, sheet, assessors);
  for (const v of c.ruleSet.vetoes) walk.veto(v);
  walk.node(c.ruleSet.root, NO_OBJECT);
  return { complete: walk.missing.length === 0, missing: walk.missing };
}
