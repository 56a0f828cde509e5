/**
 * 单项否决 (entered by the assessor: yes/no, optionally per object) and 阈值 (triggered by a node's
 * score falling below a line), each with the effects it has on the unit.
 */
import type { RuleNode, Threshold, Veto } from '../../engine';
import { insertAt, removeAt, swapAt } from '../../report/ruleDraft/fields';
import { freshKey, nodeKeys } from '../../report/ruleDraft/outline';
import { useI18n } from '../useT';
import { issuesFor, NumField, SelectField, TextField } from './fields';
import { EffectsEditor, effectList, withEffects } from './EffectsEditor';
import { ListCard } from './ListCard';
import { rowIssues, setterOf, type PanelProps } from './listEdit';

export function VetoesPanel(p: PanelProps) {
  const { t, num } = useI18n();
  const rs = p.ruleSet;
  const set = setterOf(p);
  const keys = nodeKeys(rs);
  const nameOf = (k: string) => {
    const find = (n: RuleNode): string | undefined => (n.key === k ? n.name : n.type === 'group' ? n.children.map(find).find((x) => x) : undefined);
    const name = find(rs.root);
    return name ? `${name}（${k}）` : k;
  };
  const perObjectGroups = keys.filter((k) => {
    const find = (n: RuleNode): boolean => (n.key === k && n.type === 'group' && !!n.perObject) || (n.type === 'group' && n.children.some(find));
    return find(rs.root);
  });
  const effectIssues = (mine: ReturnType<typeof rowIssues>) => mine.filter((m) => m.place.field === '' || m.place.field.startsWith('effect'));
  return (
    <div className="settings-panel" data-testid="vetoes-panel">
      <h3>{t('rules.vetoes')}</h3>
      <p className="muted">{t('rules.vetoesHelp')}</p>
      {rs.vetoes.map((v, i) => {
        const mine = rowIssues(p.issues, 'vetoes', i);
        return (
          <ListCard key={i} index={i} count={rs.vetoes.length} testId={`veto-${i}`} bad={mine.some((m) => m.severity === 'error')} title={v.name || t('rules.unnamed')} onMove={(d) => p.onChange(swapAt(rs, ['vetoes'], i, d))} onDelete={() => p.onChange(removeAt(rs, ['vetoes'], i))}>
            <div className="form-grid">
              <TextField label={t('rules.f.vetoName')} value={v.name} onEdit={set(['vetoes', i, 'name'])} issues={issuesFor(mine, 'name')} testId={`veto-${i}-name`} />
              <TextField label={t('rules.f.key')} value={v.key} onEdit={set(['vetoes', i, 'key'])} issues={issuesFor(mine, 'key')} testId={`veto-${i}-key`} />
              <SelectField
                label={t('rules.f.scope')}
                value={v.scope}
                options={[{ value: '', label: t('rules.scopeUnit') }, ...[...new Set([...perObjectGroups, ...(v.scope ? [v.scope] : [])])].map((k) => ({ value: k, label: k }))]}
                onEdit={set(['vetoes', i, 'scope'])}
                issues={issuesFor(mine, 'scope')}
                testId={`veto-${i}-scope`}
              />
            </div>
            <EffectsEditor ruleSet={rs} effects={effectList(v)} issues={effectIssues(mine)} testId={`veto-${i}-effects`} onChange={(e) => p.onChange({ ...rs, vetoes: rs.vetoes.map((x, k) => (k === i ? withEffects<Veto>(x, e) : x)) })} />
            <TextField label={t('rules.f.source')} value={v.source} optional onEdit={set(['vetoes', i, 'source'])} testId={`veto-${i}-source`} wide />
          </ListCard>
        );
      })}
      <button type="button" className="secondary" data-testid="veto-add" onClick={() => p.onChange(insertAt(rs, ['vetoes'], rs.vetoes.length, { key: freshKey(rs, 'veto'), name: '', effect: { type: 'fail' } }))}>
        ＋ {t('rules.addVeto')}
      </button>

      <h3>{t('rules.thresholds')}</h3>
      <p className="muted">{t('rules.thresholdsHelp')}</p>
      {rs.thresholds.map((th, i) => {
        const mine = rowIssues(p.issues, 'thresholds', i);
        return (
          <ListCard
            key={i}
            index={i}
            count={rs.thresholds.length}
            testId={`threshold-${i}`}
            bad={mine.some((m) => m.severity === 'error')}
            title={
              <>
                {th.name || t('rules.unnamed')} <span className="muted">{t('rules.thresholdLine', { node: nameOf(th.node), n: num(th.below ?? 0) })}</span>
              </>
            }
            onMove={(d) => p.onChange(swapAt(rs, ['thresholds'], i, d))}
            onDelete={() => p.onChange(removeAt(rs, ['thresholds'], i))}
          >
            <div className="form-grid">
              <TextField label={t('rules.f.thresholdName')} value={th.name} onEdit={set(['thresholds', i, 'name'])} issues={issuesFor(mine, 'name')} testId={`threshold-${i}-name`} />
              <TextField label={t('rules.f.key')} value={th.key} onEdit={set(['thresholds', i, 'key'])} issues={issuesFor(mine, 'key')} testId={`threshold-${i}-key`} />
              <SelectField label={t('rules.f.thresholdNode')} value={th.node} options={[...new Set([...keys, th.node])].map((k) => ({ value: k, label: nameOf(k) }))} onEdit={set(['thresholds', i, 'node'])} issues={issuesFor(mine, 'node')} testId={`threshold-${i}-node`} />
              <NumField label={t('rules.f.below')} value={th.below} onEdit={set(['thresholds', i, 'below'])} issues={issuesFor(mine, 'below')} testId={`threshold-${i}-below`} suffix={t('rules.unitPoints')} />
            </div>
            <EffectsEditor ruleSet={rs} effects={effectList(th)} issues={effectIssues(mine)} testId={`threshold-${i}-effects`} onChange={(e) => p.onChange({ ...rs, thresholds: rs.thresholds.map((x, k) => (k === i ? withEffects<Threshold>(x, e) : x)) })} />
            <TextField label={t('rules.f.source')} value={th.source} optional onEdit={set(['thresholds', i, 'source'])} testId={`threshold-${i}-source`} wide />
          </ListCard>
        );
      })}
      <button
        type="button"
        className="secondary"
        data-testid="threshold-add"
        onClick={() => p.onChange(insertAt(rs, ['thresholds'], rs.thresholds.length, { key: freshKey(rs, 'threshold'), name: '', node: rs.root.children[0]?.key ?? rs.root.key, below: 60, effect: { type: 'failScored' } }))}
      >
        ＋ {t('rules.addThreshold')}
      </button>
    </div>
  );
}
