/**
 * 单项否决 / 一票否决 and computed thresholds, and what their declared effects do to a unit's total.
 * Vetoes are collected before the tree is evaluated because "zeroNode" changes node scores;
 * thresholds are read from evaluated scores afterwards (a threshold's "zeroNode" makes the caller
 * evaluate the tree once more with those nodes zeroed; thresholds are not read again).
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import { effectsOf, type Effect, type GroupNode, type Veto } from '../../model/ruleSet';
import { effectWords } from '../../model/effectWords';
import type { ScoreEntry } from '../../model/entries';
import type { CompiledRuleSet } from '../rules/compile';
import type { TriggeredVeto } from '../result';
import type { NodeValue } from './nodeValues';
import { memoKey } from './entryIndex';

/** What vetoes read and mark on the unit being evaluated: the part of UnitEvaluator they use. */
export interface VetoContext {
  readonly c: CompiledRuleSet;
  /** `node|objectId` of the nodes a veto sets to 0 */
  readonly zeroed: Set<string>;
  note(node: string, objectId: string, text: () => string): void;
  counted(node: string, objectId: string, ownerKey?: string): readonly ScoreEntry[];
  objectsOf(scope: GroupNode): { id: string }[];
  value(key: string, objectId: string): NodeValue;
}

const NO_OBJECT = '';

/** The effect in the model's one wording, with the rule set's names for tiers and nodes. */
function effectText(ev: VetoContext, e: Effect): string {
  return effectWords(e, {
    tier: (key) => ev.c.ruleSet.tiers.find((t) => t.key === key)?.name ?? key,
    node: (key) => ev.c.byKey.get(key)?.name ?? key,
  });
}

const effectsText = (ev: VetoContext, effects: readonly Effect[]): string => effects.map((e) => effectText(ev, e)).join('；');

export const hasEffect = (v: TriggeredVeto, type: Effect['type']): boolean => v.effects.some((e) => e.type === type);

function triggeredEntry(ev: VetoContext, veto: Veto, objectId: string) {
  return ev.counted(veto.key, objectId, veto.scope ?? veto.key).find((e) => e.triggered === true);
}

/**
 * The node-and-object keys a triggered veto or threshold zeroes. A node inside the per-object subtree
 * the trigger came from is zeroed for that object only; any other node for the whole unit.
 */
export function zeroTargets(ev: VetoContext, v: TriggeredVeto): string[] {
  const out: string[] = [];
  for (const e of v.effects) {
    if (e.type !== 'zeroNode') continue;
    const objectId = v.objectId ?? NO_OBJECT;
    const inScope = objectId !== NO_OBJECT && ev.c.objectScopeOf(e.node) !== undefined;
    out.push(memoKey(e.node, inScope ? objectId : NO_OBJECT));
  }
  return out;
}

export function collectVetoes(ev: VetoContext): TriggeredVeto[] {
  const out: TriggeredVeto[] = [];
  for (const veto of ev.c.ruleSet.vetoes) {
    const scope = veto.scope ? ev.c.byKey.get(veto.scope) : undefined;
    const objectIds =
      scope && scope.type === 'group' && scope.perObject ? ev.objectsOf(scope).map((o) => o.id) : [NO_OBJECT];
    const effects = effectsOf(veto);
    for (const objectId of objectIds) {
      const hit = triggeredEntry(ev, veto, objectId);
      if (!hit) continue;
      const t: TriggeredVeto = { key: veto.key, name: veto.name, effects, kind: 'veto' };
      if (objectId !== NO_OBJECT) t.objectId = objectId;
      if (hit.note) t.reason = hit.note;
      out.push(t);
      for (const z of zeroTargets(ev, t)) ev.zeroed.add(z);
      ev.note(veto.key, objectId, () => `单项否决“${veto.name}”：${effectsText(ev, effects)}`);
    }
  }
  return out;
}

/**
 * Thresholds read from the evaluated tree. A node inside a per-object subtree (the per-object group
 * itself included) is read per object: each object below the line triggers it once, as a veto entered
 * per object does ("each account below 60 → 不合格").
 */
export function collectThresholds(ev: VetoContext): TriggeredVeto[] {
  const out: TriggeredVeto[] = [];
  for (const t of ev.c.ruleSet.thresholds) {
    const scope = ev.c.objectScopeOf(t.node);
    const objectIds = scope ? ev.objectsOf(scope).map((o) => o.id) : [NO_OBJECT];
    const effects = effectsOf(t);
    const nodeName = ev.c.byKey.get(t.node)?.name ?? t.node;
    for (const objectId of objectIds) {
      // an object the per-object group does not apply to has no scores of its own to read
      if (scope && !ev.value(scope.key, objectId).applicable) continue;
      const v = ev.value(t.node, objectId);
      if (!v.applicable || !X.lt(v.score, X.dec(t.below))) continue;
      const hit: TriggeredVeto = { key: t.key, name: t.name, effects, kind: 'threshold' };
      if (objectId !== NO_OBJECT) hit.objectId = objectId;
      out.push(hit);
      ev.note(t.key, objectId, () => `“${nodeName}”得分 ${X.formatShort(v.score)} 低于 ${t.below}：${t.name}，${effectsText(ev, effects)}`);
    }
  }
  return out;
}

/** Apply score effects: fail (unscored, 0), fixed scores (the lowest wins), caps. Tier effects act later. */
export function applyEffects(ev: VetoContext, score: Q, vetoes: readonly TriggeredVeto[]): { total: Q; unscored: boolean } {
  if (vetoes.length === 0) return { total: score, unscored: false };
  if (vetoes.some((v) => hasEffect(v, 'fail'))) return { total: X.ZERO, unscored: true };
  let total = score;
  const all = vetoes.flatMap((v) => v.effects);
  const fixed = all.flatMap((e) => (e.type === 'setScore' ? [X.dec(e.score)] : []));
  if (fixed.length > 0) total = fixed.reduce(X.min);
  for (const e of all) if (e.type === 'capScore') total = X.min(total, X.dec(e.score));
  if (!X.eq(total, score)) ev.note(ev.c.ruleSet.root.key, NO_OBJECT, () => `否决项生效后总分为 ${X.formatShort(total)}`);
  return { total, unscored: false };
}
