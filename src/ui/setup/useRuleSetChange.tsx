/**
 * The way a new rule set reaches a group, whatever brought it (a JSON rule file, a 考核细则 table, later
 * the editor): a table is first shown for review; then the impact on stored entries is computed and,
 * when there is any, shown for the user's decision per kind. Nothing changes until the user confirms.
 */
import { useState, type ReactNode } from 'react';
import { applyRuleSetChange, planRuleSetChange, type RuleSetChangePlan, type RuleSetDecisions } from '../../app/changeRuleSet';
import { readRuleTableFile, type TableImport, type TableProblem } from '../../app/ruleTable';
import { trackSave } from '../../app/saveStatus';
import type { RuleNode, RuleSet } from '../../engine';
import { useApp } from '../appContext';
import { errorText } from '../errorText';
import { useAssessment } from '../useAssessment';
import { useI18n } from '../useT';
import { ImpactDialog } from './ImpactDialog';
import { RuleTableReview } from './RuleTableReview';
import { TableProblems } from './TableProblems';
import './ruleTable.css';

export type Message = { ok: boolean; text: string };
type Group = { key: string; name: string };

type Pending =
  | { kind: 'problems'; file: string; problems: TableProblem[] }
  | { kind: 'review'; group: Group; result: Extract<TableImport, { ok: true }> }
  | { kind: 'impact'; group: Group; plan: RuleSetChangePlan };

export function useRuleSetChange(onMessage: (m: Message | null) => void): {
  propose(group: Group, ruleSet: RuleSet): Promise<void>;
  importTable(group: Group, file: File): Promise<void>;
  panel: ReactNode;
} {
  const { t } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);

  const guarded = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      onMessage({ ok: false, text: errorText(e, t, 'save') });
    } finally {
      setBusy(false);
    }
  };

  const apply = async (group: Group, plan: RuleSetChangePlan, decisions: RuleSetDecisions) => {
    const out = await trackSave(() => applyRuleSetChange(db, plan, decisions, who));
    setPending(null);
    if (!out.applied) onMessage({ ok: true, text: t('ruleChange.cancelled') });
    else if (plan.kinds.length === 0) onMessage({ ok: true, text: t('setup.rulesImported', { group: group.name, name: plan.ruleSet.name, version: plan.ruleSet.version }) });
    else onMessage({ ok: true, text: t('ruleChange.applied', { group: group.name, name: plan.ruleSet.name, version: plan.ruleSet.version, clamped: out.clamped, noted: out.noted }) });
  };

  const propose = (group: Group, ruleSet: RuleSet) =>
    guarded(async () => {
      onMessage(null);
      const plan = await planRuleSetChange(db, assessment.id, group.key, ruleSet);
      if (plan.kinds.length === 0) await apply(group, plan, {});
      else setPending({ kind: 'impact', group, plan });
    });

  const importTable = (group: Group, file: File) =>
    guarded(async () => {
      onMessage(null);
      setPending(null);
      const result = await readRuleTableFile(file, group, assessment.year);
      if (!result.ok) setPending({ kind: 'problems', file: file.name, problems: result.problems });
      else if (result.ruleSet.group.key !== group.key) {
        // a table exported from another group's rule set carries that group in its 规则参数 sheet
        onMessage({ ok: false, text: t('setup.ruleFileErrors', { file: file.name, n: 1 }) + `规则集适用于分组“${result.ruleSet.group.name}”，不能用于“${group.name}”。` });
      } else setPending({ kind: 'review', group, result });
    });

  const unitName = (id: string) => view.unitsById.get(id)?.name ?? id;
  const nodeName = (key: string) => {
    const rs = pending?.kind === 'impact' ? view.groups.find((g) => g.group.key === pending.group.key)?.ruleSet : undefined;
    const find = (n: RuleNode): string | undefined => (n.key === key ? n.name : n.type === 'group' ? n.children.map(find).find((x) => x) : undefined);
    return (rs && (find(rs.root) ?? rs.vetoes.find((v) => v.key === key)?.name)) ?? key;
  };

  let panel: ReactNode = null;
  if (pending?.kind === 'problems') panel = <TableProblems file={pending.file} problems={pending.problems} />;
  else if (pending?.kind === 'review') {
    const { group, result } = pending;
    panel = (
      <RuleTableReview
        ruleSet={result.ruleSet}
        groupName={group.name}
        withParams={result.withParams}
        outsideTable={result.outsideTable}
        busy={busy}
        onUse={() => void propose(group, result.ruleSet)}
        onCancel={() => setPending(null)}
      />
    );
  } else if (pending?.kind === 'impact') {
    const { group, plan } = pending;
    panel = (
      <ImpactDialog
        plan={plan}
        groupName={group.name}
        unitName={unitName}
        nodeName={nodeName}
        busy={busy}
        onApply={(d) => void guarded(() => apply(group, plan, d))}
        onCancel={() => {
          setPending(null);
          onMessage({ ok: true, text: t('ruleChange.cancelled') });
        }}
      />
    );
  }
  return { propose, importTable, panel };
}
