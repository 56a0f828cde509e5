/**
 * 单项否决 / 一票否决 and computed thresholds, and what their declared effects do to a unit's total.
 * Vetoes are collected before the tree is evaluated because "zeroNode" changes node scores;
 * thresholds are read from evaluated scores afterwards.
 */
import * as X from '../arith/exact';
import type { Q } from '../arith/exact';
import type { Effect, GroupNode, Veto } from '../../model/ruleSet';
import { effectWords } from '../../model/effectWords';
import type { ScoreEntry } from '../../model/entries';
import type { CompiledRuleSet } from '../rules/compile';
import type { TriggeredVeto } from '../result';
import type { NodeValue } from './nodeValues';

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

function triggeredEntry(ev: VetoContext, veto: Veto, objectId: string) {
  return ev.counted(veto.key, objectId, veto.scope ?? veto.key).find((e) => e.triggered === true);
}

export function collectVetoes(ev: VetoContext): TriggeredVeto[] {
  const out: TriggeredVeto[] = [];
  for (const veto of ev.c.ruleSet.vetoes) {
    const scope = veto.scope ? ev.c.byKey.get(veto.scope) : undefined;
    const objectIds =
      scope && scope.type === 'group' && scope.perObject ? ev.objectsOf(scope).map((o) => o.id) : [NO_OBJECT];
    for (const objectId of objectIds) {
      const hit = triggeredEntry(ev, veto, objectId);
      if (!hit) continue;
      const t: TriggeredVeto = { key: veto.key, name: veto.name, effect: veto.effect, kind: 'veto' };
      if (objectId !== NO_OBJECT) t.objectId = objectId;
      if (hit.note) t.reason = hit.note;
      out.push(t);
      if (veto.effect.type === 'zeroNode') {
        // a node inside the veto's per-object scope is zeroed for that object only
        const inScope = objectId !== NO_OBJECT && ev.c.objectScopeOf(veto.effect.node) !== undefined;
        ev.zeroed.add(`${veto.effect.node}|${inScope ? objectId : NO_OBJECT}`);
      }
      ev.note(veto.key, objectId, () => `单项否决“${veto.name}”：${effectText(ev, veto.effect)}`);
    }
  }
  return out;
}

export function collectThresholds(ev: VetoContext): TriggeredVeto[] {
  const out: TriggeredVeto[] = [];
  for (const t of ev.c.ruleSet.thresholds) {
    const v = ev.value(t.node, NO_OBJECT);
    if (!v.applicable || !X.lt(v.score, X.dec(t.below))) continue;
    out.push({ key: t.key, name: t.name, effect: t.effect, kind: 'threshold' });
    const nodeName = ev.c.byKey.get(t.node)?.name ?? t.node;
    ev.note(t.key, NO_OBJECT, () => `“${nodeName}”得分 ${X.formatShort(v.score)} 低于 ${t.below}：${t.name}，${effectText(ev, t.effect)}`);
  }
  return out;
}

/** Apply score effects: fail (unscored, 0), fixed scores (the lowest wins), caps. Tier effects act later. */
export function applyEffects(ev: VetoContext, score: Q, vetoes: readonly TriggeredVeto[]): { total: Q; unscored: boolean } {
  if (vetoes.length === 0) return { total: score, unscored: false };
  if (vetoes.some((v) => v.effect.type === 'fail')) return { total: X.ZERO, unscored: true };
  let total = score;
  const fixed = vetoes.flatMap((v) => (v.effect.type === 'setScore' ? [X.dec(v.effect.score)] : []));
  if (fixed.length > 0) total = fixed.reduce(X.min);
  for (const v of vetoes) if (v.effect.type === 'capScore') total = X.min(total, X.dec(v.effect.score));
  if (!X.eq(total, score)) ev.note(ev.c.ruleSet.root.key, NO_OBJECT, () => `否决项生效后总分为 ${X.formatShort(total)}`);
  return { total, unscored: false };
}
