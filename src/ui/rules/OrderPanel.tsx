/**
 * 同分排序 (the nodes compared, in order, when totals tie), 单位类别 (classes of units without some
 * indicators, with their stated full marks) and which nodes the tables report as 一级指标.
 */
import type { RuleNode } from '../../engine';
import { insertAt, removeAt, swapAt } from '../../report/ruleDraft/fields';
import { freshKey, nodeKeys } from '../../report/ruleDraft/outline';
import { useI18n } from '../useT';
import { issuesFor, Messages, NumField, SelectField, TextField, TriField } from './fields';
import { ListCard } from './ListCard';
import { rowIssues, setterOf, type PanelProps } from './listEdit';
import { listIssues, RowsTable } from './RowsTable';

export function OrderPanel(p: PanelProps) {
  const { t } = useI18n();
  const rs = p.ruleSet;
  const set = setterOf(p);
  const keys = nodeKeys(rs).slice(1);
  const nameOf = (k: string) => {
    const find = (n: RuleNode): string | undefined => (n.key === k ? n.name : n.type === 'group' ? n.children.map(find).find((x) => x) : undefined);
    return find(rs.root) ?? k;
  };
  const asList = (list: string) => p.issues.filter((i) => i.place.kind === 'list' && i.place.list === list);
  return (
    <div className="settings-panel" data-testid="order-panel">
      <h3>{t('rules.tieBreak')}</h3>
      <p className="muted">{t('rules.tieBreakHelp')}</p>
      <ol className="tiebreak-list">
        {rs.tieBreak.map((tb, i) => (
          <li key={i}>
            <select aria-label={t('rules.tieBreak')} data-testid={`tiebreak-${i}`} value={tb.node} onChange={(e) => set(['tieBreak', i, 'node'])(e.target.value)}>
              {[...new Set([...keys, tb.node])].map((k) => (
                <option key={k} value={k}>
                  {nameOf(k)}（{k}）
                </option>
              ))}
            </select>
            <button type="button" className="icon" title={t('rules.moveUp')} disabled={i === 0} onClick={() => p.onChange(swapAt(rs, ['tieBreak'], i, -1))}>
              ↑
            </button>
            <button type="button" className="icon danger" title={t('common.delete')} onClick={() => p.onChange(removeAt(rs, ['tieBreak'], i))}>
              ×
            </button>
            <Messages issues={rowIssues(p.issues, 'tieBreak', i)} testId={`tiebreak-${i}`} />
          </li>
        ))}
      </ol>
      <button type="button" className="link" data-testid="tiebreak-add" disabled={keys.length === 0} onClick={() => p.onChange(insertAt(rs, ['tieBreak'], rs.tieBreak.length, { node: keys[0] }))}>
        ＋ {t('rules.addTieBreak')}
      </button>

      <h3>{t('rules.unitClasses')}</h3>
      <p className="muted">{t('rules.unitClassesHelp')}</p>
      {rs.unitClasses.map((uc, i) => {
        const mine = rowIssues(p.issues, 'unitClasses', i);
        return (
          <ListCard key={i} index={i} count={rs.unitClasses.length} testId={`class-${i}`} bad={mine.some((m) => m.severity === 'error')} title={uc.name || t('rules.unnamed')} onMove={(d) => p.onChange(swapAt(rs, ['unitClasses'], i, d))} onDelete={() => p.onChange(removeAt(rs, ['unitClasses'], i))}>
            <div className="form-grid">
              <TextField label={t('rules.f.className')} value={uc.name} onEdit={set(['unitClasses', i, 'name'])} issues={issuesFor(mine, 'name')} testId={`class-${i}-name`} />
              <TextField label={t('rules.f.key')} value={uc.key} onEdit={set(['unitClasses', i, 'key'])} issues={issuesFor(mine, 'key')} testId={`class-${i}-key`} />
              <NumField label={t('rules.f.classMax')} value={uc.max} optional onEdit={set(['unitClasses', i, 'max'])} issues={issuesFor(mine, 'max')} testId={`class-${i}-max`} suffix={t('rules.unitPoints')} />
              <TriField label={t('rules.f.rescale')} value={uc.rescale} defaultLabel={t('rules.rescaleDefault')} onEdit={set(['unitClasses', i, 'rescale'])} issues={issuesFor(mine, 'rescale')} testId={`class-${i}-rescale`} />
            </div>
            <h4>{t('rules.excludes')}</h4>
            <RowsTable
              testId={`class-${i}-excludes`}
              addLabel={t('rules.addExclude')}
              rows={uc.excludes.map((k) => ({ node: k }))}
              columns={[{ field: 'node', label: t('rules.f.nodeKey'), kind: 'text' }]}
              issues={listIssues(mine, 'excludes')}
              newRow={() => ({ node: keys[0] ?? '' })}
              onChange={(rows, mk) => set(['unitClasses', i, 'excludes'])(rows.map((r) => String(r.node ?? '')), mk)}
            />
            <TextField label={t('rules.f.source')} value={uc.source} optional onEdit={set(['unitClasses', i, 'source'])} testId={`class-${i}-source`} wide />
          </ListCard>
        );
      })}
      <button type="button" className="secondary" data-testid="class-add" onClick={() => p.onChange(insertAt(rs, ['unitClasses'], rs.unitClasses.length, { key: freshKey(rs, 'class'), name: '', excludes: [] }))}>
        ＋ {t('rules.addClass')}
      </button>

      <h3>{t('rules.indicators')}</h3>
      <p className="muted">{t('rules.indicatorsHelp')}</p>
      <SelectField
        label={t('rules.f.indicatorsMode')}
        value={rs.indicators ? 'custom' : undefined}
        options={[
          { value: '', label: t('rules.indicatorsDefault') },
          { value: 'custom', label: t('rules.indicatorsCustom') },
        ]}
        onEdit={(v) => set(['indicators'])(v ? rs.root.children.map((c) => c.key) : undefined)}
        issues={asList('indicators').filter((i) => i.place.kind === 'list' && i.place.index === undefined)}
        testId="rs-indicatorsMode"
      />
      {rs.indicators && (
        <RowsTable
          testId="rs-indicators"
          addLabel={t('rules.addIndicator')}
          rows={rs.indicators.map((k) => ({ node: k }))}
          columns={[{ field: 'node', label: t('rules.f.nodeKey'), kind: 'text' }]}
          issues={asList('indicators').filter((i) => i.place.kind === 'list' && i.place.index !== undefined).map((issue) => ({ rel: `${issue.place.kind === 'list' ? issue.place.index : ''}.${issue.place.field}`, issue }))}
          newRow={() => ({ node: keys[0] ?? '' })}
          onChange={(rows, mk) => set(['indicators'])(rows.map((r) => String(r.node ?? '')), mk)}
        />
      )}
    </div>
  );
}
