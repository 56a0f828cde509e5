/**
 * 评分录入 (basic version): choose group and unit, then every leaf of the rule set with an input for
 * the current assessor, grouped under the first-level indicators, and the vetoes.
 */
import { useMemo } from 'react';
import { useI18n } from '../../i18n/useT';
import { useUi } from '../../state/uiStore';
import type { CompiledRuleSet, Leaf, Unit } from '../../scoring';
import { useApp } from '../appContext';
import { LeafRow } from '../entry/LeafRow';
import { VetoRow } from '../entry/VetoRow';
import { GroupTabs, useSelectedGroup } from '../GroupTabs';
import { TierBadge } from '../TierBadge';
import { useAssessment, type GroupView } from '../useAssessment';

export function EntryPage() {
  const { t } = useI18n();
  const view = useAssessment();
  const current = useSelectedGroup(view.groups);
  const unitId = useUi((s) => s.entryUnit);
  const setUnit = useUi((s) => s.setEntryUnit);
  const units = useMemo(
    () =>
      current
        ? view.data.units.filter((u) => u.group === current.group.key).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
        : [],
    [view.data.units, current],
  );
  const unit = units.find((u) => u.id === unitId) ?? units[0];
  const index = unit ? units.indexOf(unit) : -1;

  return (
    <section data-testid="page-entry">
      <div className="page-head">
        <h2>{t('entry.title')}</h2>
        <GroupTabs groups={view.groups} current={current} />
      </div>
      <div className="toolbar">
        <label>
          {t('entry.unit')}
          <select data-testid="entry-unit" value={unit?.id ?? ''} onChange={(e) => setUnit(e.target.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={index <= 0} onClick={() => setUnit(units[index - 1]!.id)}>
          {t('entry.prevUnit')}
        </button>
        <button type="button" disabled={index < 0 || index >= units.length - 1} onClick={() => setUnit(units[index + 1]!.id)}>
          {t('entry.nextUnit')}
        </button>
      </div>
      {current && unit && <UnitSheet key={unit.id} g={current} unit={unit} />}
    </section>
  );
}

interface LeafLine {
  leaf: Leaf;
  /** names from below the indicator down to the leaf */
  label: string[];
}

/** Leaves under each first-level indicator, in rule-file order, without those the unit's class excludes. */
function leavesByIndicator(c: CompiledRuleSet, unit: Unit): { key: string; name: string; lines: LeafLine[] }[] {
  const excluded = new Set(c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass)?.excludes ?? []);
  const indicatorKeys = new Set(c.indicators.map((i) => i.key));
  const sections = new Map(c.indicators.map((i) => [i.key, { ...i, lines: [] as LeafLine[] }]));
  const other = { key: '', name: '—', lines: [] as LeafLine[] };
  for (const leaf of c.leaves) {
    const path: string[] = [];
    let indicator: string | undefined;
    let skip = false;
    for (let k: string | undefined = leaf.key; k !== undefined; k = c.parent.get(k)) {
      if (excluded.has(k)) skip = true;
      if (indicatorKeys.has(k)) {
        indicator = k;
        if (k === leaf.key) path.unshift(leaf.name);
        break;
      }
      path.unshift(c.byKey.get(k)?.name ?? k);
    }
    if (skip) continue;
    const section = indicator === undefined ? other : sections.get(indicator)!;
    section.lines.push({ leaf, label: indicator === undefined ? path.slice(1) : path });
  }
  return [...sections.values(), other].filter((s) => s.lines.length > 0);
}

function UnitSheet({ g, unit }: { g: GroupView; unit: Unit }) {
  const { t, num } = useI18n();
  const { assessment, assessor, assessors } = useApp();
  const view = useAssessment();
  const { compiled, ruleSet } = g;
  const result = g.result.units.find((u) => u.unitId === unit.id);
  const entries = useMemo(() => view.data.entries.filter((e) => e.unitId === unit.id), [view.data.entries, unit.id]);
  const sections = useMemo(() => leavesByIndicator(compiled, unit), [compiled, unit]);
  const readOnly = assessment.status === 'locked';
  const rowProps = { compiled, unit, entries, assessor, assessors, readOnly, result };

  const objectsFor = (key: string) => {
    const scope = compiled.objectScopeOf(key);
    return scope?.perObject ? { kind: scope.perObject.kind, objects: unit.objects.filter((o) => o.kind === scope.perObject!.kind) } : null;
  };

  return (
    <>
      {result && (
        <p className="unit-summary" data-testid="unit-summary">
          {result.unscored
            ? t('entry.unitUnscored', { unit: unit.name })
            : t('entry.unitTotal', { unit: unit.name, total: result.display, rank: result.rank })}
          <TierBadge ruleSet={ruleSet} tier={result.tier} name={result.tierName} />
        </p>
      )}
      {readOnly && <p className="notice warn">{t('entry.locked')}</p>}
      {!readOnly && !assessor && (
        <p className="notice warn" data-testid="need-assessor">
          {t('entry.needAssessor')}
        </p>
      )}
      <div className="table-wrap">
        <table className="entry-table">
          <thead>
            <tr>
              <th>{t('entry.indicator')}</th>
              <th className="col-num">{t('entry.max')}</th>
              <th>{t('entry.input')}</th>
              <th className="col-num">{t('entry.score')}</th>
              <th className="col-na">{t('entry.notApplicable')}</th>
            </tr>
          </thead>
          {sections.map((s) => (
            <tbody key={s.key}>
              <tr className="section-row">
                <th colSpan={5}>
                  {s.name}
                  {s.key !== '' && result?.nodes[s.key] && (
                    <span className="section-score">
                      {num(result.nodes[s.key]!.score, ruleSet.precision.display)} / {num(result.nodes[s.key]!.max)}
                    </span>
                  )}
                </th>
              </tr>
              {s.lines.flatMap(({ leaf, label }) => {
                const scoped = objectsFor(leaf.key);
                if (!scoped) return [<LeafRow key={leaf.key} leaf={leaf} label={label} {...rowProps} />];
                if (scoped.objects.length === 0)
                  return [
                    <tr key={leaf.key}>
                      <td className="leaf-name">{label.join(' › ')}</td>
                      <td colSpan={4} className="muted">
                        {t('entry.noObjects', { kind: scoped.kind })}
                      </td>
                    </tr>,
                  ];
                return scoped.objects.map((o) => <LeafRow key={`${leaf.key}--${o.id}`} leaf={leaf} label={label} object={o} {...rowProps} />);
              })}
            </tbody>
          ))}
          {ruleSet.vetoes.length > 0 && (
            <tbody>
              <tr className="section-row">
                <th colSpan={5}>{t('entry.vetoes')}</th>
              </tr>
              {ruleSet.vetoes.flatMap((v) => {
                const scoped = v.scope === undefined ? null : objectsFor(v.scope);
                if (!scoped) return [<VetoRow key={v.key} veto={v} {...rowProps} />];
                return scoped.objects.map((o) => <VetoRow key={`${v.key}--${o.id}`} veto={v} object={o} {...rowProps} />);
              })}
            </tbody>
          )}
        </table>
      </div>
    </>
  );
}
