/**
 * The rule set's own fields: name, id, year, version, source, the unit group it is for, how several
 * assessors' scores combine, rounding and ranking, and which nodes are the 一级指标 of the tables.
 */
import { useI18n } from '../useT';
import { issuesFor, Messages, NumField, SelectField, TextField } from './fields';
import { rowIssues, setterOf, type PanelProps } from './listEdit';

export function AboutPanel(p: PanelProps) {
  const { t } = useI18n();
  const rs = p.ruleSet;
  const set = setterOf(p);
  const top = (field: string) => p.issues.filter((i) => i.place.kind === 'list' && i.place.list === field);
  const prec = rowIssues(p.issues, 'precision');
  const grp = rowIssues(p.issues, 'group');
  const general = p.issues.filter((i) => i.place.kind === 'list' && (i.place.list === '' || i.path === '(root)'));
  return (
    <div className="settings-panel" data-testid="about-panel">
      <Messages issues={general} testId="about-general" />
      <fieldset className="form-section">
        <legend>{t('rules.s.ruleSet')}</legend>
        <TextField label={t('rules.f.rsName')} value={rs.name} onEdit={set(['name'])} issues={top('name')} testId="rs-name" wide />
        <div className="form-grid">
          <TextField label={t('rules.f.rsId')} value={rs.id} onEdit={set(['id'])} issues={top('id')} testId="rs-id" hint={t('rules.h.key')} />
          <NumField label={t('rules.f.year')} value={rs.year} onEdit={set(['year'])} issues={top('year')} testId="rs-year" />
          <TextField label={t('rules.f.version')} value={rs.version} onEdit={set(['version'])} issues={top('version')} testId="rs-version" />
        </div>
        <TextField label={t('rules.f.rsSource')} value={rs.source} multiline onEdit={set(['source'])} issues={top('source')} testId="rs-source" hint={t('rules.h.rsSource')} wide />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('rules.s.groupOf')}</legend>
        <div className="form-grid">
          <TextField label={t('rules.f.groupName')} value={rs.group.name} onEdit={set(['group', 'name'])} issues={issuesFor(grp, 'name')} testId="rs-group-name" />
          <TextField label={t('rules.f.groupKey')} value={rs.group.key} onEdit={set(['group', 'key'])} issues={issuesFor(grp, 'key')} testId="rs-group-key" hint={t('rules.h.groupKey')} />
          <SelectField
            label={t('rules.f.assessors')}
            value={rs.assessors.aggregate}
            options={(['mean', 'median', 'trimmedMean', 'owner'] as const).map((v) => ({ value: v, label: t(`rules.agg.${v}`) }))}
            onEdit={set(['assessors', 'aggregate'])}
            issues={top('assessors')}
            testId="rs-assessors"
          />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('rules.s.precision')}</legend>
        <div className="form-grid">
          <NumField label={t('rules.f.precStep')} value={rs.precision.step} onEdit={set(['precision', 'step'])} issues={issuesFor(prec, 'step')} testId="rs-prec-step" hint={t('rules.h.precStep')} />
          <SelectField
            label={t('rules.f.rounding')}
            value={rs.precision.rounding}
            options={(['halfUp', 'halfEven', 'down', 'up'] as const).map((v) => ({ value: v, label: t(`rules.round.${v}`) }))}
            onEdit={set(['precision', 'rounding'])}
            issues={issuesFor(prec, 'rounding')}
            testId="rs-rounding"
          />
          <NumField label={t('rules.f.display')} value={rs.precision.display} onEdit={set(['precision', 'display'])} issues={issuesFor(prec, 'display')} testId="rs-display" suffix={t('rules.decimals')} />
          <SelectField
            label={t('rules.f.rankBy')}
            value={rs.precision.rankBy}
            options={[
              { value: 'rounded', label: t('rules.rankBy.rounded') },
              { value: 'exact', label: t('rules.rankBy.exact') },
            ]}
            onEdit={set(['precision', 'rankBy'])}
            issues={issuesFor(prec, 'rankBy')}
            testId="rs-rankBy"
          />
        </div>
      </fieldset>
    </div>
  );
}
