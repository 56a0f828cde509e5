/**
 * A unit in detail (#/entry/unit/:unitId): total, rank and tier with the reason for the tier ("why
 * 合格, not 优秀"), the vetoes, then every leaf with each assessor's value, the findings and the
 * engine's explanation; the full calculation trail at the end. Reached from the grid's unit names.
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../useT';
import { evaluateUnit, type CompiledRuleSet, type ScoreEntry } from '../../engine';
import { useApp } from '../appContext';
import { TierBadge } from '../TierBadge';
import { useAssessment } from '../useAssessment';
import { UnitDetail } from './UnitDetail';
import { MissingCells } from './MissingCells';
import { AppealSection } from './AppealSection';
import { UnitEvidence } from '../evidence/UnitEvidence';
import { PendingReasons } from './PendingReasons';
import { UnitYoy } from './UnitYoy';
import { UnitSelfSection } from '../selfAssessment/UnitSelfSection';
import './unit.css';

const NO_ENTRIES: readonly ScoreEntry[] = [];

export function UnitPage() {
  const { t, num } = useI18n();
  const { unitId = '' } = useParams();
  const navigate = useNavigate();
  const { assessment, assessor, assessors } = useApp();
  const view = useAssessment();
  const unit = view.unitsById.get(unitId);
  const g = unit ? view.groups.find((x) => x.group.key === unit.group) : undefined;
  const siblings = useMemo(
    () => (g ? view.data.units.filter((u) => u.group === g.group.key).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) : []),
    [view.data.units, g],
  );
  const entries = view.entriesByUnit.get(unitId) ?? NO_ENTRIES;
  const result = g?.result.units.find((u) => u.unitId === unitId);
  // the trail is built for this unit only: cheap for one, costly for a province
  const explained = useMemo(
    () => (g && unit ? evaluateUnit(g.compiled, unit, entries, assessors, { explain: true, selfScores: view.data.selfScores }) : undefined),
    [g, unit, entries, assessors, view.data.selfScores],
  );

  if (!unit || !g) {
    return (
      <section data-testid="page-unit">
        <p className="notice warn">{t('entry.unit.notFound', { id: unitId })}</p>
        <Link to="/entry">{t('entry.unit.back')}</Link>
      </section>
    );
  }
  const index = siblings.findIndex((u) => u.id === unit.id);
  const go = (id: string) => navigate(`/entry/unit/${encodeURIComponent(id)}`);
  const locked = assessment.status === 'locked';
  const nameOf = (key: string) => g.compiled.byKey.get(key)?.name ?? g.ruleSet.vetoes.find((v) => v.key === key)?.name ?? key;

  return (
    <section data-testid="page-unit" className="unit-page">
      <div className="page-head">
        <Link to="/entry" className="back-link" data-testid="unit-back">
          {t('entry.unit.back')}
        </Link>
        <h2>{unit.name}</h2>
        <span className="muted">{g.group.name}</span>
        <div className="toolbar unit-nav">
          <label>
            {t('entry.unit')}
            <select data-testid="entry-unit" title={unit.name} value={unit.id} onChange={(e) => go(e.target.value)}>
              {siblings.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={index <= 0} onClick={() => go(siblings[index - 1]!.id)}>
            {t('entry.prevUnit')}
          </button>
          <button type="button" disabled={index < 0 || index >= siblings.length - 1} onClick={() => go(siblings[index + 1]!.id)}>
            {t('entry.nextUnit')}
          </button>
          <Link className="audit-link" to={`/audit?unit=${encodeURIComponent(unit.id)}`} data-testid="unit-audit-link">
            {t('entry.unit.auditLink')}
          </Link>
        </div>
      </div>

      {result && (
        <div className="unit-facts card">
          <p className="unit-summary" data-testid="unit-summary">
            {result.unscored
              ? t('entry.unitUnscored', { unit: unit.name })
              : t('entry.unitTotal', { unit: unit.name, total: result.display, rank: result.rank })}
            <TierBadge ruleSet={g.ruleSet} tier={result.tier} name={result.tierName} />
            {!result.complete && <span className="tier-provisional">{t('cycle.tierProvisional')}</span>}
            <span className="muted unit-of">{t('entry.unit.ofUnits', { n: g.result.units.length, max: num(result.maxScore) })}</span>
          </p>
          <dl className="facts">
            <dt>{t('entry.unit.tierWhy', { tier: result.tierName })}</dt>
            <dd data-testid="tier-reason">{result.tierReason}</dd>
            <dt>{t('entry.vetoes')}</dt>
            <dd data-testid="unit-vetoes">
              {result.vetoes.length === 0
                ? t('entry.unit.noVetoes')
                : result.vetoes.map((v, i) => (
                    <span key={i} className="veto-line">
                      <span className="veto-mark">{t('entry.grid.vetoFlag')}</span> {v.name}
                      {v.reason ? `：${v.reason}` : ''}
                    </span>
                  ))}
            </dd>
            <dt>{t('entry.unit.indicators')}</dt>
            <dd className="indicator-line">
              {partsOf(g.compiled).map((i) => {
                const n = result.nodes[i.key];
                return (
                  <span key={i.key}>
                    {i.name} <strong>{n ? (n.applicable ? num(n.score, g.ruleSet.precision.display) : t('value.notApplicable')) : '—'}</strong>
                    {n && n.applicable && n.max > 0 && <span className="muted">/{num(n.max)}</span>}
                  </span>
                );
              })}
            </dd>
            <UnitYoy g={g} unitId={unit.id} />
          </dl>
          <MissingCells compiled={g.compiled} unit={unit} result={result} entries={entries} readOnly={locked} />
          <PendingReasons compiled={g.compiled} unit={unit} entries={entries} />
        </div>
      )}
      {locked && <p className="notice warn">{t('entry.locked')}</p>}
      {!locked && !assessor && (
        <p className="notice warn" data-testid="need-assessor">
          {t('entry.needAssessor')}
        </p>
      )}

      <AppealSection key={unit.id} g={g} unit={unit} entries={entries} />

      <UnitDetail g={g} unit={unit} result={result} entries={entries} trail={explained?.trail ?? []} />
      <UnitEvidence unit={unit} entries={entries} nameOf={nameOf} />
      <UnitSelfSection g={g} unit={unit} result={result} />

      {explained && explained.trail.length > 0 && (
        <details className="card trail" data-testid="unit-trail">
          <summary>{t('entry.unit.trailTitle', { n: explained.trail.length })}</summary>
          <ol>
            {explained.trail.map((x, i) => (
              <li key={i}>
                {x.objectId && <span className="muted">〔{unit.objects.find((o) => o.id === x.objectId)?.name ?? x.objectId}〕</span>}
                {x.text.includes('：') ? x.text : `${nameOf(x.node)}：${x.text}`}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

/** The first-level indicators, then the top-level parts outside them (加分, 重大扣分项): together they make the total. */
function partsOf(c: CompiledRuleSet): { key: string; name: string }[] {
  const parts = [...c.indicators];
  const holds = new Set<string>();
  for (const i of c.indicators) for (let k = c.parent.get(i.key); k !== undefined; k = c.parent.get(k)) holds.add(k);
  for (const child of c.ruleSet.root.children) {
    if (!parts.some((p) => p.key === child.key) && !holds.has(child.key)) parts.push({ key: child.key, name: child.name });
  }
  return parts;
}
