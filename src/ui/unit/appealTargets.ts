/** What a unit can appeal against: each finding of its deduction cells, and each other entered cell as a whole. */
import type { Assessor, CompiledRuleSet, ScoreEntry, RuleSet } from '../../engine';
import type { AppealTarget } from '../../app/appeals';

export interface TargetOption {
  key: string;
  target: AppealTarget;
  label: string;
}

export function targetOptions(compiled: CompiledRuleSet, ruleSet: RuleSet, entries: readonly ScoreEntry[], assessors: readonly Assessor[]): TargetOption[] {
  const itemName = (node: string) => compiled.byKey.get(node)?.name ?? ruleSet.vetoes.find((v) => v.key === node)?.name ?? node;
  const who = (id: string) => (assessors.length > 1 ? `（${assessors.find((a) => a.id === id)?.name ?? id}）` : '');
  const out: TargetOption[] = [];
  for (const e of entries) {
    const cell = { entryId: e.id, node: e.node, ...(e.objectId !== undefined && { objectId: e.objectId }) };
    if (e.findings !== undefined) {
      for (const f of e.findings) {
        const label = `${itemName(e.node)}：${f.reason}${who(e.assessorId)}`;
        out.push({ key: `${e.id}|${f.id}`, target: { ...cell, findingId: f.id, text: f.reason }, label });
      }
    } else if (e.triggered === true || e.value !== undefined || e.checks !== undefined) {
      const label = `${itemName(e.node)}${who(e.assessorId)}`;
      out.push({ key: e.id, target: { ...cell, text: itemName(e.node) }, label });
    }
  }
  return out;
}
