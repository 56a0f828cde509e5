/**
 * The current data scored with the draft: the ranking in use and the draft's ranking side by side
 * (the what-if tables), only while the draft is valid.
 */
import { useDeferredValue, useMemo } from 'react';
import { scoreGroup, type RuleSet } from '../../engine';
import type { AssessmentData } from '../../app/session';
import type { GroupView } from '../useAssessment';
import { diffRankings, summarizeMoves } from '../whatif/diff';
import { DraftTable, SavedTable } from '../whatif/WhatIfView';
import { useI18n } from '../useT';

export function PreviewPanel({ g, data, valid }: { g: GroupView | null; data: AssessmentData; valid: RuleSet | null }) {
  const { t } = useI18n();
  const draft = useDeferredValue(valid);
  const scored = useMemo(() => {
    if (!draft || !g) return null;
    try {
      const r = scoreGroup(draft, data.units, data.entries, data.assessors, { selfScores: data.selfScores });
      const result = { ...r, groupName: g.group.name };
      const moves = diffRankings(g.result, result);
      return { ok: true as const, result, moves, summary: summarizeMoves(moves) };
    } catch {
      // stored values the draft cannot hold (a score above a lowered maximum): said, not thrown
      return { ok: false as const };
    }
  }, [draft, g, data]);
  if (!g) return <p className="notice" data-testid="rule-preview-none">{t('rules.previewNoGroup')}</p>;
  if (!valid) return <p className="notice warn" data-testid="rule-preview-invalid">{t('rules.previewInvalid')}</p>;
  if (!scored) return null;
  if (!scored.ok) return <p className="notice warn">{t('rules.previewFailed')}</p>;
  return (
    <div className="rule-preview" data-testid="rule-preview">
      <p className="move-summary">{t('dashboard.moveSummary', { moved: scored.summary.moved, up: scored.summary.tierUp, down: scored.summary.tierDown })}</p>
      <div className="whatif-compare">
        <section>
          <h3>{t('rules.previewInUse')}</h3>
          <SavedTable g={g} />
        </section>
        <section>
          <h3>{t('rules.previewDraft')}</h3>
          <DraftTable ruleSet={draft!} result={scored.result} moves={scored.moves} />
        </section>
      </div>
    </div>
  );
}
