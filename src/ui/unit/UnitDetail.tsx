/**
 * A unit's whole sheet, leaf by leaf under its first-level indicators: the current assessor's input
 * (editable here too, including per-object items and "not applicable"), every assessor's value with
 * the engine's explanation, and the resulting score; then the vetoes.
 */
import { useMemo } from 'react';
import { useI18n } from '../useT';
import type { CompiledRuleSet, Explanation, Leaf, ScoreEntry, Unit, UnitResult } from '../../engine';
import { useApp } from '../appContext';
import { LeafRow } from '../entry/LeafRow';
import { VetoRow } from '../entry/VetoRow';
import type { GroupView } from '../useAssessment';

interface LeafLine {
  leaf: Leaf;
  /** names from below the indicator down to the leaf */
  label: string[];
}

interface Section {
  key: string;
  name: string;
  lines: LeafLine[];
  /** group nodes between the indicator and its leaves (their trail lines show under the heading) */
  groups: string[];
}

/** Leaves under each first-level indicator, in rule-file order, without those the unit's class excludes. */
function sectionsOf(c: CompiledRuleSet, unit: Unit): Section[] {
  const excluded = new Set(c.ruleSet.unitClasses.find((k) => k.key === unit.unitClass)?.excludes ?? []);
  const rootKey = c.ruleSet.root.key;
  const indicatorKeys = new Set(c.indicators.map((i) => i.key));
  const sections = new Map<string, Section>();
  for (const leaf of c.leaves) {
    const path: string[] = [];
    const groups: string[] = [];
    let top: string | undefined;
    let skip = false;
    for (let k: string | undefined = leaf.key; k !== undefined; k = c.parent.get(k)) {
      if (excluded.has(k)) skip = true;
      if (indicatorKeys.has(k) || c.parent.get(k) === rootKey) {
        top = k;
        break;
      }
      path.unshift(c.byKey.get(k)?.name ?? k);
      if (k !== leaf.key) groups.push(k);
    }
    if (skip) continue;
    const key = top ?? leaf.key;
    let s = sections.get(key);
    if (!s) {
      s = { key, name: c.byKey.get(key)?.name ?? key, lines: [], groups: [] };
      sections.set(key, s);
    }
    for (const g of groups) if (!s.groups.includes(g)) s.groups.push(g);
    s.lines.push({ leaf, label: key === leaf.key ? [leaf.name] : path });
  }
  return [...sections.values()];
}

export function UnitDetail({ g, unit, result, entries, trail }: { g: GroupView; unit: Unit; result: UnitResult | undefined; entries: readonly ScoreEntry[]; trail: readonly Explanation[] }) {
  const { t, num } = useI18n();
  const { assessment, assessor, assessors } = useApp();
  const { compiled, ruleSet } = g;
  const sections = useMemo(() => sectionsOf(compiled, unit), [compiled, unit]);
  const readOnly = assessment.status === 'locked';
  const rowProps = { compiled, unit, entries, assessor, assessors, readOnly, result };
  // a trail line starts with its node's name, which the row already shows
  const lines = (node: string, objectId?: string) => {
    const prefix = `${compiled.byKey.get(node)?.name ?? node}：`;
    return trail.filter((x) => x.node === node && x.objectId === objectId).map((x) => (x.text.startsWith(prefix) ? x.text.slice(prefix.length) : x.text));
  };

  const objectsFor = (key: string) => {
    const scope = compiled.objectScopeOf(key);
    return scope?.perObject ? { kind: scope.perObject.kind, objects: unit.objects.filter((o) => o.kind === scope.perObject!.kind) } : null;
  };

  return (
    <div className="table-wrap">
      <table className="entry-table unit-sheet">
        <thead>
          <tr>
            <th>{t('entry.indicator')}</th>
            <th className="col-num">{t('entry.max')}</th>
            <th>{t('entry.unit.myInput', { name: assessor?.name ?? '—' })}</th>
            <th>{t('entry.unit.basis')}</th>
            <th className="col-num">{t('entry.score')}</th>
            <th className="col-na">{t('entry.notApplicable')}</th>
          </tr>
        </thead>
        {sections.map((s) => {
          const node = result?.nodes[s.key];
          const sectionTrail = [s.key, ...s.groups].flatMap((k) => lines(k));
          return (
            <tbody key={s.key}>
              <tr className="section-row">
                <th colSpan={6}>
                  {s.name}
                  {node && (
                    <span className="section-score" data-testid={`section-score-${s.key}`}>
                      {node.applicable ? `${num(node.score, ruleSet.precision.display)} / ${num(node.max)}` : t('value.notApplicable')}
                    </span>
                  )}
                  {sectionTrail.map((line, i) => (
                    <span key={i} className="trail-line section-trail">
                      {line}
                    </span>
                  ))}
                </th>
              </tr>
              {s.lines.flatMap(({ leaf, label }) => {
                const scoped = objectsFor(leaf.key);
                if (!scoped) return [<LeafRow key={leaf.key} leaf={leaf} label={label} trail={lines(leaf.key)} {...rowProps} />];
                if (scoped.objects.length === 0)
                  return [
                    <tr key={leaf.key}>
                      <td className="leaf-name">{label.join(' › ')}</td>
                      <td colSpan={5} className="muted">
                        {t('entry.noObjects', { kind: scoped.kind })}
                      </td>
                    </tr>,
                  ];
                return scoped.objects.map((o) => (
                  <LeafRow key={`${leaf.key}--${o.id}`} leaf={leaf} label={label} object={o} trail={lines(leaf.key, o.id)} {...rowProps} />
                ));
              })}
            </tbody>
          );
        })}
        {ruleSet.vetoes.length > 0 && (
          <tbody>
            <tr className="section-row">
              <th colSpan={6}>{t('entry.vetoes')}</th>
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
  );
}
