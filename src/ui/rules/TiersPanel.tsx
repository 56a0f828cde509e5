/**
 * 等次: best first, the last one is the fallback. Each tier has a line (达到 / 高于), a quota (名额:
 * a count or a percent with its rounding), conditions (no veto, indicators reaching a score) and a colour.
 */
import type { Quota, Tier } from '../../engine';
import { insertAt, removeAt, swapAt } from '../../report/ruleDraft/fields';
import { freshKey, nodeKeys } from '../../report/ruleDraft/outline';
import { useI18n } from '../useT';
import { issuesFor, Messages, NumField, SelectField, TextField, TriField } from './fields';
import { ListCard } from './ListCard';
import { rowIssues, setterOf, type PanelProps } from './listEdit';
import { listIssues, RowsTable } from './RowsTable';

export function TiersPanel(p: PanelProps) {
  const { t, num } = useI18n();
  const rs = p.ruleSet;
  const set = setterOf(p);
  const listLevel = p.issues.filter((i) => i.place.kind === 'list' && i.place.list === 'tiers' && i.place.index === undefined);
  const add = () => {
    // a new tier goes just above the fallback, with a line so that it is not a second fallback
    const key = freshKey(rs, 'tier');
    p.onChange(insertAt(rs, ['tiers'], Math.max(0, rs.tiers.length - 1), { key, name: '', atLeast: 60 }));
  };
  return (
    <div className="settings-panel" data-testid="tiers-panel">
      <p className="muted">{t('rules.tiersHelp')}</p>
      <Messages issues={listLevel} testId="tiers" />
      {rs.tiers.map((tier, i) => {
        const mine = rowIssues(p.issues, 'tiers', i);
        const last = i === rs.tiers.length - 1;
        const line = tier.above !== undefined ? 'above' : tier.atLeast !== undefined ? 'atLeast' : '';
        const lineText = line === 'above' ? t('rules.lineAbove', { n: num(tier.above!) }) : line === 'atLeast' ? t('rules.lineAtLeast', { n: num(tier.atLeast!) }) : last ? t('rules.fallback') : t('rules.noLine');
        return (
          <ListCard
            key={i}
            index={i}
            count={rs.tiers.length}
            testId={`tier-${i}`}
            bad={mine.some((m) => m.severity === 'error')}
            title={
              <>
                <span className="tier-swatch" style={{ background: tier.color ?? '#9aa3ae' }} />
                {tier.name || t('rules.unnamed')} <span className="muted">{lineText}</span>
              </>
            }
            onMove={(d) => p.onChange(swapAt(rs, ['tiers'], i, d))}
            onDelete={() => p.onChange(removeAt(rs, ['tiers'], i))}
          >
            <Messages issues={mine.filter((m) => m.place.kind === 'list' && m.place.field === '')} testId={`tier-${i}-row`} />
            <div className="form-grid">
              <TextField label={t('rules.f.tierName')} value={tier.name} onEdit={set(['tiers', i, 'name'])} issues={issuesFor(mine, 'name')} testId={`tier-${i}-name`} />
              <TextField label={t('rules.f.key')} value={tier.key} onEdit={set(['tiers', i, 'key'])} issues={issuesFor(mine, 'key')} testId={`tier-${i}-key`} />
              <SelectField
                label={t('rules.f.line')}
                value={line || undefined}
                options={[
                  { value: '', label: t('rules.noLine') },
                  { value: 'atLeast', label: t('rules.line.atLeast') },
                  { value: 'above', label: t('rules.line.above') },
                ]}
                onEdit={(v) => p.onChange(withLine(rs.tiers, i, v as 'atLeast' | 'above' | undefined, tier.atLeast ?? tier.above ?? 60, p))}
                issues={[...issuesFor(mine, 'atLeast'), ...issuesFor(mine, 'above')]}
                testId={`tier-${i}-line`}
              />
              {line !== '' && (
                <NumField
                  label={t('rules.f.lineValue')}
                  value={line === 'above' ? tier.above : tier.atLeast}
                  onEdit={set(['tiers', i, line])}
                  testId={`tier-${i}-lineValue`}
                  suffix={t('rules.unitPoints')}
                />
              )}
            </div>
            <div className="form-grid">
              <SelectField
                label={t('rules.f.quota')}
                value={tier.quota ? ('count' in tier.quota ? 'count' : 'percent') : undefined}
                options={[
                  { value: '', label: t('rules.quota.none') },
                  { value: 'count', label: t('rules.quota.count') },
                  { value: 'percent', label: t('rules.quota.percent') },
                ]}
                onEdit={(v) => set(['tiers', i, 'quota'])(v === undefined ? undefined : v === 'count' ? { count: 5 } : { percent: 30, round: 'floor' })}
                issues={issuesFor(mine, 'quota')}
                testId={`tier-${i}-quota`}
              />
              {tier.quota && 'count' in tier.quota && (
                <NumField label={t('rules.f.quotaCount')} value={tier.quota.count} onEdit={set(['tiers', i, 'quota', 'count'])} testId={`tier-${i}-quotaCount`} suffix={t('rules.unitsSuffix')} />
              )}
              {tier.quota && 'percent' in tier.quota && (
                <>
                  <NumField label={t('rules.f.quotaPercent')} value={tier.quota.percent} onEdit={set(['tiers', i, 'quota', 'percent'])} testId={`tier-${i}-quotaPercent`} suffix="%" />
                  <SelectField
                    label={t('rules.f.quotaRound')}
                    value={(tier.quota as Extract<Quota, { percent: number }>).round}
                    options={(['floor', 'ceil', 'round'] as const).map((v) => ({ value: v, label: t(`rules.quotaRound.${v}`) }))}
                    onEdit={set(['tiers', i, 'quota', 'round'])}
                    testId={`tier-${i}-quotaRound`}
                  />
                </>
              )}
              <TriField
                label={t('rules.f.noVeto')}
                value={tier.requires?.noVeto}
                defaultLabel={t('rules.noVetoDefault')}
                onEdit={(v) => set(['tiers', i, 'requires'])(cleanRequires({ ...tier.requires, noVeto: v as boolean | undefined }))}
                issues={issuesFor(mine, 'requires.noVeto')}
                testId={`tier-${i}-noVeto`}
              />
              <TextField label={t('rules.f.color')} value={tier.color} optional onEdit={set(['tiers', i, 'color'])} issues={issuesFor(mine, 'color')} testId={`tier-${i}-color`} hint="#2e7d32" />
            </div>
            <h4>{t('rules.requiresNodes')}</h4>
            <RowsTable
              testId={`tier-${i}-nodes`}
              addLabel={t('rules.addRequiresNode')}
              rows={tier.requires?.nodes ?? []}
              columns={[
                { field: 'node', label: t('rules.f.nodeKey'), kind: 'text' },
                { field: 'atLeast', label: t('rules.f.nodeAtLeast'), kind: 'number', width: '8em' },
              ]}
              issues={listIssues(mine, 'requires.nodes')}
              newRow={() => ({ node: nodeKeys(rs)[1] ?? '', atLeast: 0 })}
              onChange={(rows, mk) => set(['tiers', i, 'requires'])(cleanRequires({ ...tier.requires, nodes: rows.length ? (rows as { node: string; atLeast: number }[]) : undefined }), mk)}
            />
            <TextField label={t('rules.f.source')} value={tier.source} optional onEdit={set(['tiers', i, 'source'])} issues={issuesFor(mine, 'source')} testId={`tier-${i}-source`} wide />
          </ListCard>
        );
      })}
      <button type="button" className="secondary" data-testid="tier-add" onClick={add}>
        ＋ {t('rules.addTier')}
      </button>
    </div>
  );
}

function cleanRequires(r: Tier['requires'] & object): Tier['requires'] {
  const out: NonNullable<Tier['requires']> = {};
  if (r.noVeto !== undefined) out.noVeto = r.noVeto;
  if (r.nodes !== undefined) out.nodes = r.nodes;
  return Object.keys(out).length ? out : undefined;
}

function withLine(tiers: Tier[], i: number, kind: 'atLeast' | 'above' | undefined, value: number, p: PanelProps) {
  const tier = { ...tiers[i]! };
  delete tier.atLeast;
  delete tier.above;
  if (kind) tier[kind] = value;
  return { ...p.ruleSet, tiers: tiers.map((x, k) => (k === i ? tier : x)) };
}
