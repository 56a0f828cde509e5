/**
 * Merging a read bundle into an assessment, from the import card or from 打开为新考核 when the
 * assessment is already here. The file stays in its session (the bundle worker), where the merge is
 * planned and written; the page shows the plan. When the file's rule set differs for a group, the
 * impact report of that change is shown first (one dialog per group, in turn); the rule sets, the
 * decisions and the merge are then written together, or nothing is when the user cancels.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { BundleMergeOutcome, ImportReport } from '../../app/exchange';
import type { RuleSetDecisions } from '../../app/changeRuleSet';
import { isCancelled, type BundleSessionRun, type MergePlanView } from '../../app/bundleSessionRun';
import { trackSave } from '../../app/saveStatus';
import type { RuleNode, RuleSet } from '../../engine';
import { ImpactDialog } from '../setup/ImpactDialog';
import { useI18n } from '../useT';

/** The counts a merge reports to the user, for the sentences that say what it did. */
export const mergeCounts = (r: ImportReport) => ({ added: r.added, updated: r.updated, removed: r.removed, unchanged: r.unchanged, conflicts: r.conflicts.length });

interface Pending {
  plan: MergePlanView;
  session: BundleSessionRun;
  step: number;
  decisions: Record<string, RuleSetDecisions>;
  settle(outcome: Promise<BundleMergeOutcome> | BundleMergeOutcome): void;
}

function nodeNameIn(ruleSets: readonly (RuleSet | undefined)[], key: string): string {
  const find = (n: RuleNode): string | undefined => (n.key === key ? n.name : n.type === 'group' ? n.children.map(find).find((x) => x) : undefined);
  for (const rs of ruleSets) {
    const name = rs && (find(rs.root) ?? rs.vetoes.find((v) => v.key === key)?.name);
    if (name) return name;
  }
  return key;
}

const label = (rs: RuleSet | undefined) => (rs ? `${rs.name}（版本 ${rs.version}）` : '—');

export function useBundleMerge(who: string): { merge(assessmentId: string, session: BundleSessionRun): Promise<BundleMergeOutcome>; dialog: ReactNode } {
  const { t } = useI18n();
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef<Pending | null>(null);
  const show = (p: Pending | null) => {
    current.current = p;
    setPending(p);
  };

  const merge = async (assessmentId: string, session: BundleSessionRun): Promise<BundleMergeOutcome> => {
    const plan = await session.planMerge(assessmentId);
    if (isCancelled(plan)) return { merged: false, reason: 'cancelled' };
    if (plan.refused !== undefined) return { merged: false, reason: 'refused', message: plan.refused };
    if (plan.ruleChanges.length === 0) return trackSave(session.applyMerge({}, who));
    return new Promise<BundleMergeOutcome>((settle) => show({ plan, session, step: 0, decisions: {}, settle }));
  };

  const decide = (decisions: RuleSetDecisions) => {
    const p = current.current;
    if (!p) return;
    const change = p.plan.ruleChanges[p.step]!;
    const all = { ...p.decisions, [change.groupKey]: decisions };
    if (p.step + 1 < p.plan.ruleChanges.length) return show({ ...p, step: p.step + 1, decisions: all });
    setBusy(true);
    const done = trackSave(p.session.applyMerge(all, who)).finally(() => {
      setBusy(false);
      show(null);
    });
    p.settle(done);
  };

  let dialog: ReactNode = null;
  if (pending) {
    const { plan, step } = pending;
    const change = plan.ruleChanges[step]!;
    const groupName = plan.groupNames[change.groupKey] ?? change.groupKey;
    const last = step + 1 === plan.ruleChanges.length;
    dialog = (
      <ImpactDialog
        key={change.groupKey}
        modal
        plan={change}
        groupName={groupName}
        unitName={(id) => plan.unitNames[id] ?? id}
        assessorName={(id) => plan.assessorNames[id] ?? id}
        nodeName={(key) => nodeNameIn([change.ruleSet, change.oldRuleSet], key)}
        busy={busy}
        applyLabel={last ? t('ingest.mergeRules.apply') : t('ingest.mergeRules.next')}
        intro={
          <div className="impact-intro" data-testid="merge-rules-intro">
            {plan.ruleChanges.length > 1 && <span className="impact-step">{t('ingest.mergeRules.step', { at: step + 1, of: plan.ruleChanges.length })}</span>}
            <p>{t('ingest.mergeRules.intro', { group: groupName, incoming: label(change.ruleSet), local: label(change.oldRuleSet) })}</p>
            {change.kinds.length === 0 && !change.locked && <p className="notice ok">{t('ingest.mergeRules.none')}</p>}
          </div>
        }
        onApply={decide}
        onCancel={() => {
          pending.settle({ merged: false, reason: 'cancelled' });
          show(null);
        }}
      />
    );
  }
  return { merge, dialog };
}
