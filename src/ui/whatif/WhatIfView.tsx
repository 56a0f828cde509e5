/**
 * 模拟测算: the saved ranking and the draft's ranking side by side, with who moved (↑2 / ↓1) and whose
 * tier changed, next to the panel that edits the draft.
 */
import { IncompleteMark } from '../ProvisionalBanner';
import { useRef } from 'react';
import { useI18n, type I18n } from '../useT';
import type { GroupResult, RuleSet, UnitResult } from '../../engine';
import { TierBadge } from '../TierBadge';
import type { AssessmentData } from '../../app/session';
import type { GroupView } from '../useAssessment';
import { tierColor } from '../dashboard/chartData';
import { useVirtualRows } from '../dashboard/useVirtualRows';
import { moveText, type RankMove } from './diff';
import type { DraftChange } from './draft';
import { useWhatIf } from './useWhatIf';
import { WhatIfPanel } from './WhatIfPanel';

export interface WhatIfViewProps {
  g: GroupView;
  data: AssessmentData;
  draft: RuleSet;
  onChange(draft: RuleSet): void;
  onReset(): void;
}

export function WhatIfView({ g, data, draft, onChange, onReset }: WhatIfViewProps) {
  const { t } = useI18n();
  const whatIf = useWhatIf(g, data, draft);
  const i18n = useI18n();
  return (
    <div className="whatif-layout" data-testid="whatif">
      <div className="whatif-main">
        <div className="whatif-summary" data-testid="whatif-summary">
          {whatIf.changes.length === 0 ? (
            <p className="notice">{t('dashboard.noChanges')}</p>
          ) : (
            <>
              <ul className="change-list" data-testid="whatif-changes">
                {whatIf.changes.map((c, i) => (
                  <li key={i}>{changeText(c, g, i18n)}</li>
                ))}
              </ul>
              {whatIf.result && (
                <p className="move-summary">
                  {t('dashboard.moveSummary', { moved: whatIf.summary.moved, up: whatIf.summary.tierUp, down: whatIf.summary.tierDown })}
                </p>
              )}
            </>
          )}
        </div>
        <div className={`whatif-compare${whatIf.pending ? ' pending' : ''}`}>
          <section>
            <h3>{t('dashboard.savedTitle')}</h3>
            <SavedTable g={g} />
          </section>
          <section>
            <h3>{t('dashboard.draftTitle')}</h3>
            {whatIf.result ? (
              <DraftTable ruleSet={whatIf.ruleSet!} result={whatIf.result} moves={whatIf.moves} />
            ) : (
              <p className="notice warn" data-testid="whatif-invalid">
                {t('dashboard.draftInvalid')}
              </p>
            )}
          </section>
        </div>
      </div>
      <WhatIfPanel g={g} draft={draft} whatIf={whatIf} onChange={onChange} onReset={onReset} />
    </div>
  );
}

function changeText(c: DraftChange, g: GroupView, { t, num }: I18n): string {
  const line = (x: { kind: string; value: number } | null) =>
    x === null ? t('dashboard.noLine') : t(x.kind === 'atLeast' ? 'dashboard.lineAtLeastShort' : 'dashboard.lineAboveShort', { n: num(x.value) });
  const quota = (q: { count: number } | { percent: number } | null) =>
    q === null ? t('dashboard.quotaNone') : 'count' in q ? t('dashboard.quotaCountText', { n: q.count }) : t('dashboard.quotaPercentText', { n: num(q.percent) });
  const names = (keys: string[]) => (keys.length === 0 ? t('dashboard.tieBreakNone') : keys.map((k) => g.compiled.byKey.get(k)?.name ?? k).join(' → '));
  switch (c.kind) {
    case 'weight':
      return t('dashboard.changeWeight', { name: c.name, from: num(c.from), to: num(c.to) });
    case 'threshold':
      return t('dashboard.changeLine', { name: c.name, from: line(c.from), to: line(c.to) });
    case 'quota':
      return t('dashboard.changeQuota', { name: c.name, from: quota(c.from), to: quota(c.to) });
    case 'tieBreak':
      return t('dashboard.changeTieBreak', { from: names(c.from), to: names(c.to) });
  }
}

const ROW_HEIGHT = 44;

export function SavedTable({ g }: { g: GroupView }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const units = g.result.units;
  const v = useVirtualRows(units.length, ref, ROW_HEIGHT);
  const shown = v.indices ? v.indices.map((i) => units[i]!) : units;
  return (
    <div className={`table-wrap${v.indices ? ' virtual' : ''}`} ref={ref}>
      <table className="dash-table compare-table" data-testid="whatif-saved">
        <thead>
          <tr>
            <th className="col-rank">{t('rankings.rank')}</th>
            <th className="col-unit">{t('rankings.unit')}</th>
            <th className="col-num">{t('rankings.total')}</th>
            <th className="col-tier">{t('rankings.tier')}</th>
          </tr>
        </thead>
        <tbody>
          <Spacer height={v.padTop} span={4} />
          {shown.map((u: UnitResult) => (
            <tr key={u.unitId} data-testid="whatif-saved-row" data-unit-id={u.unitId} data-rank={u.rank} data-tier={u.tier}>
              <td className="col-rank" style={{ boxShadow: `inset 6px 0 0 ${tierColor(g.ruleSet, u.tier)}` }}>
                {u.rank}
              </td>
              <td className="col-unit">
                <span className="unit-name" title={u.unitName}>
                  {u.unitName}
                </span>
                {!u.complete && <IncompleteMark missing={u.missing.length} />}
              </td>
              <td className="col-num">{u.unscored ? t('rankings.unscored') : u.display}</td>
              <td className="col-tier">
                <TierBadge ruleSet={g.ruleSet} tier={u.tier} name={u.tierName} />
              </td>
            </tr>
          ))}
          <Spacer height={v.padBottom} span={4} />
        </tbody>
      </table>
    </div>
  );
}

export function DraftTable({ ruleSet, result, moves }: { ruleSet: RuleSet; result: GroupResult; moves: RankMove[] }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualRows(moves.length, ref, ROW_HEIGHT);
  const shown = v.indices ? v.indices.map((i) => moves[i]!) : moves;
  const unscored = new Set(result.units.filter((u) => u.unscored).map((u) => u.unitId));
  // a draft rule set changes weights, not what was entered: a unit open before is open in the draft too
  const open = new Map(result.units.filter((u) => !u.complete).map((u) => [u.unitId, u.missing.length]));
  return (
    <div className={`table-wrap${v.indices ? ' virtual' : ''}`} ref={ref}>
      <table className="dash-table compare-table" data-testid="whatif-draft">
        <thead>
          <tr>
            <th className="col-rank">{t('rankings.rank')}</th>
            <th className="col-move">{t('dashboard.move')}</th>
            <th className="col-unit">{t('rankings.unit')}</th>
            <th className="col-num">{t('rankings.total')}</th>
            <th className="col-tier">{t('rankings.tier')}</th>
          </tr>
        </thead>
        <tbody>
          <Spacer height={v.padTop} span={5} />
          {shown.map((m) => (
            <tr
              key={m.unitId}
              data-testid="whatif-draft-row"
              data-unit-id={m.unitId}
              data-rank={m.draft.rank}
              data-tier={m.draft.tier}
              className={m.tierMove ? `tier-moved tier-${m.tierMove}` : undefined}
            >
              <td className="col-rank" style={{ boxShadow: `inset 6px 0 0 ${tierColor(ruleSet, m.draft.tier)}` }}>
                {m.draft.rank}
              </td>
              <td className={`col-move move ${m.rankDelta > 0 ? 'up' : m.rankDelta < 0 ? 'down' : ''}`} data-testid="whatif-move">
                {moveText(m.rankDelta)}
              </td>
              <td className="col-unit">
                <span className="unit-name" title={m.unitName}>
                  {m.unitName}
                </span>
                {open.has(m.unitId) && <IncompleteMark missing={open.get(m.unitId)!} />}
              </td>
              <td className="col-num">{unscored.has(m.unitId) ? t('rankings.unscored') : m.draft.display}</td>
              <td className="col-tier">
                <TierBadge ruleSet={ruleSet} tier={m.draft.tier} name={m.draft.tierName} />
                {m.tierMove && (
                  <span className="tier-was" data-testid="whatif-tier-was">
                    {t('dashboard.tierWas', { tier: m.saved.tierName })}
                  </span>
                )}
              </td>
            </tr>
          ))}
          <Spacer height={v.padBottom} span={5} />
        </tbody>
      </table>
    </div>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  if (height <= 0) return null;
  return (
    <tr className="spacer" aria-hidden="true">
      <td colSpan={span} style={{ height }} />
    </tr>
  );
}
