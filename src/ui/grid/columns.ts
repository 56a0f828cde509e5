/**
 * The grid's columns from a rule set: leaf check points under their first-level indicator (each
 * indicator collapsible to one read-only subtotal column), then the vetoes at the end. Pure: the React
 * table is built from this model, and paste planning and progress read it too.
 */
import type { CompiledRuleSet, Leaf, Unit, Veto } from '../../engine';

export interface LeafColumn {
  id: string;
  kind: 'leaf';
  leaf: Leaf;
  /** key of the first-level indicator the leaf sits under */
  indicator: string;
  /** names from below the indicator down to the leaf (the leaf's own name last) */
  path: string[];
  /** scored once per website / account: entered on the unit page, shown here read-only */
  perObject: boolean;
}

export interface SubtotalColumn {
  id: string;
  kind: 'subtotal';
  indicator: string;
  name: string;
}

export interface VetoColumn {
  id: string;
  kind: 'veto';
  veto: Veto;
  perObject: boolean;
}

export type GridColumn = LeafColumn | SubtotalColumn | VetoColumn;
export type EditableColumn = LeafColumn | VetoColumn;

export interface IndicatorGroup {
  key: string;
  name: string;
  /** nominal maximum (penalties: 0) */
  max: number;
  leaves: LeafColumn[];
  /** an indicator that is itself a leaf (重大扣分项) has nothing to collapse */
  collapsible: boolean;
}

export interface GridLayout {
  groups: IndicatorGroup[];
  vetoes: VetoColumn[];
}

export const leafColumnId = (key: string) => `leaf:${key}`;
export const subtotalColumnId = (key: string) => `sub:${key}`;
export const vetoColumnId = (key: string) => `veto:${key}`;

/**
 * Leaves grouped under the rule set's first-level indicators; leaves outside every declared
 * indicator (加分, 重大扣分项 when `indicators` leaves them out) group under their top-level part,
 * so that every leaf has a column. Groups keep rule-file order.
 */
export function gridLayout(c: CompiledRuleSet): GridLayout {
  const indicatorKeys = new Set(c.indicators.map((i) => i.key));
  const rootKey = c.ruleSet.root.key;
  const groups = new Map<string, IndicatorGroup>();

  for (const leaf of c.leaves) {
    const chain: string[] = [];
    let top: string | undefined;
    for (let k: string | undefined = leaf.key; k !== undefined; k = c.parent.get(k)) {
      if (indicatorKeys.has(k)) {
        top = k;
        break;
      }
      if (c.parent.get(k) === rootKey || k === rootKey) {
        top = k;
        break;
      }
      chain.unshift(k);
    }
    const key = top ?? leaf.key;
    let g = groups.get(key);
    if (!g) {
      const max = c.maxOf(key);
      g = { key, name: c.byKey.get(key)?.name ?? key, max: max.n / max.d, leaves: [], collapsible: key !== leaf.key };
      groups.set(key, g);
    }
    const path = (key === leaf.key ? [leaf.key] : chain).map((k) => c.byKey.get(k)?.name ?? k);
    g.leaves.push({ id: leafColumnId(leaf.key), kind: 'leaf', leaf, indicator: key, path, perObject: c.objectScopeOf(leaf.key) !== undefined });
  }

  const vetoes: VetoColumn[] = c.ruleSet.vetoes.map((v) => ({
    id: vetoColumnId(v.key),
    kind: 'veto',
    veto: v,
    perObject: v.scope !== undefined && c.objectScopeOf(v.scope) !== undefined,
  }));
  return { groups: [...groups.values()], vetoes };
}

export interface ColumnChoice {
  /** indicators shown as their subtotal only */
  collapsed: ReadonlySet<string>;
  /** when set, only leaves and vetoes inside these node keys (an assessor's `owns`) */
  only?: ReadonlySet<string> | undefined;
}

/** Keys of the node and every ancestor (for "is this leaf inside an owned subtree"). */
export function ancestry(c: CompiledRuleSet, key: string): string[] {
  const out: string[] = [];
  for (let k: string | undefined = key; k !== undefined; k = c.parent.get(k)) out.push(k);
  return out;
}

export function insideAny(c: CompiledRuleSet, key: string, keys: ReadonlySet<string>): boolean {
  return ancestry(c, key).some((k) => keys.has(k));
}

/** The columns on screen between the frozen unit column and the frozen totals, left to right. */
export function visibleColumns(c: CompiledRuleSet, layout: GridLayout, choice: ColumnChoice): GridColumn[] {
  const out: GridColumn[] = [];
  for (const g of layout.groups) {
    const leaves = choice.only ? g.leaves.filter((l) => insideAny(c, l.leaf.key, choice.only!)) : g.leaves;
    if (leaves.length === 0) continue;
    if (g.collapsible && choice.collapsed.has(g.key)) out.push({ id: subtotalColumnId(g.key), kind: 'subtotal', indicator: g.key, name: g.name });
    else out.push(...leaves);
  }
  for (const v of layout.vetoes) if (!choice.only || choice.only.has(v.veto.key)) out.push(v);
  return out;
}

export const isEditable = (col: GridColumn): col is EditableColumn => col.kind !== 'subtotal';

export function nodeOf(col: EditableColumn): string {
  return col.kind === 'leaf' ? col.leaf.key : col.veto.key;
}

export function columnName(col: GridColumn): string {
  if (col.kind === 'leaf') return col.leaf.name;
  if (col.kind === 'veto') return col.veto.name;
  return col.name;
}

/** Leaf keys a unit's class removes (the leaf or an ancestor is excluded): shown as "—", not enterable. */
export function excludedLeaves(c: CompiledRuleSet, unit: Unit): ReadonlySet<string> {
  const cls = unit.unitClass === undefined ? undefined : c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass);
  if (!cls || cls.excludes.length === 0) return EMPTY;
  const excludes = new Set(cls.excludes);
  return new Set(c.leaves.filter((l) => insideAny(c, l.key, excludes)).map((l) => l.key));
}
const EMPTY: ReadonlySet<string> = new Set();

/** Column widths in pixels: wide enough for a score and a findings count. */
export function columnWidth(col: GridColumn): number {
  if (col.kind === 'veto') return 88;
  if (col.kind === 'subtotal') return 132;
  return 108;
}
