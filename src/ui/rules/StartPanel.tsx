/**
 * Where a draft starts: the rule set a group uses now, a shipped rule set, any rule set stored in this
 * browser (other assessments, other years), a filled 考核细则 table (xlsx; its problems listed by sheet,
 * row and column, and no draft made), or a blank one. Earlier drafts of this assessment are
 * listed to go on with.
 */
import { useEffect, useState } from 'react';
import { blankRuleSet, listRuleDrafts, listRuleSets, removeRuleDraft, startRuleDraft, type RuleDraftOrigin, type RuleDraftRow } from '../../app/ruleDraft';
import type { RuleSet } from '../../engine';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { useI18n } from '../useT';
import { loadShippedRuleSets, type ShippedRules } from '../setup/shippedRules';
import { errorText } from '../errorText';
import { readRuleTableFile, type TableProblem } from '../../app/ruleTable';
import { FileButton, XLSX_FILES } from '../FileButton';
import { TableProblems } from '../setup/TableProblems';

export function StartPanel({ onOpen, current }: { onOpen(row: RuleDraftRow): void; current: string | null }) {
  const { t, dateTime } = useI18n();
  const { db, assessment } = useApp();
  const view = useAssessment();
  const [shipped, setShipped] = useState<ShippedRules | null>(null);
  const [stored, setStored] = useState<{ hash: string; ruleSet: RuleSet }[]>([]);
  const [drafts, setDrafts] = useState<RuleDraftRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tableProblems, setTableProblems] = useState<{ file: string; problems: TableProblem[] } | null>(null);
  const first = view.groups[0]?.group;
  const [groupName, setGroupName] = useState(first?.name ?? '');
  const [groupKey, setGroupKey] = useState(first?.key ?? 'group');

  useEffect(() => {
    void loadShippedRuleSets().then(setShipped);
    void listRuleSets(db).then(setStored);
    void listRuleDrafts(db, assessment.id).then(setDrafts);
  }, [db, assessment.id]);

  const start = async (ruleSet: RuleSet, origin: RuleDraftOrigin) => {
    setError(null);
    try {
      onOpen(await startRuleDraft(db, assessment.id, ruleSet, origin));
    } catch (e) {
      setError(errorText(e, t, 'save'));
    }
  };

  const startFromTable = async (file: File) => {
    setError(null);
    setTableProblems(null);
    try {
      // the group named in the blank form: a table says nothing of the group it is for
      const read = await readRuleTableFile(file, { key: groupKey, name: groupName }, assessment.year);
      if (!read.ok) setTableProblems({ file: file.name, problems: read.problems });
      else await start(read.ruleSet, { kind: 'table', label: file.name });
    } catch (e) {
      setError(errorText(e, t, 'import'));
    }
  };

  return (
    <div className="start-panel" data-testid="rule-start">
      {drafts.length > 0 && (
        <section className="card">
          <h3>{t('rules.start.drafts')}</h3>
          <table className="plain">
            <tbody>
              {drafts.map((d) => (
                <tr key={d.id} data-testid="draft-row">
                  <td>{d.ruleSet.name}</td>
                  <td className="muted">{t(`rules.origin.${d.origin.kind}`, { label: d.origin.label })}</td>
                  <td className="muted">{dateTime(d.updatedAt)}</td>
                  <td className="nowrap">
                    <button type="button" disabled={d.id === current} onClick={() => onOpen(d)} data-testid="draft-open">
                      {d.id === current ? t('rules.start.isOpen') : t('rules.start.open')}
                    </button>{' '}
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void removeRuleDraft(db, d.id).then(() => setDrafts((x) => x.filter((y) => y.id !== d.id)))}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <div className="start-grid">
        <div className="start-col">
        <section className="card">
          <h3>{t('rules.start.blank')}</h3>
          <p className="muted">{t('rules.start.blankHelp')}</p>
          <label className="field">
            <span>{t('rules.f.groupName')}</span>
            <input data-testid="blank-group-name" value={groupName} onChange={(e) => setGroupName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('rules.f.groupKey')}</span>
            <input data-testid="blank-group-key" value={groupKey} onChange={(e) => setGroupKey(e.target.value)} />
          </label>
          <button type="button" data-testid="start-blank" onClick={() => void start(blankRuleSet(assessment.year, { key: groupKey, name: groupName }), { kind: 'blank', label: groupName })}>
            {t('rules.start.blankButton')}
          </button>
        </section>
        <section className="card">
          <h3>{t('rules.start.table')}</h3>
          <p className="muted">{t('rules.start.tableHelp')}</p>
          <FileButton accept={XLSX_FILES} testId="start-table-file" onFile={(f) => void startFromTable(f)}>
            {t('rules.start.tableButton')}
          </FileButton>
          {tableProblems && <TableProblems file={tableProblems.file} problems={tableProblems.problems} />}
        </section>
        </div>
        <section className="card">
          <h3>{t('rules.start.inUse')}</h3>
          <ul className="source-list">
            {view.groups.map((g) => (
              <li key={g.group.key}>
                <button type="button" className="link" data-testid={`start-inuse-${g.group.key}`} onClick={() => void start(g.ruleSet, { kind: 'inUse', label: g.group.name, hash: g.group.ruleSetHash })}>
                  {g.group.name}：{g.ruleSet.name}
                </button>
                <span className="muted"> {g.ruleSet.version}</span>
              </li>
            ))}
          </ul>
          <h3>{t('rules.start.shipped')}</h3>
          <ul className="source-list">
            {(shipped?.ruleSets ?? []).map((s) => (
              <li key={s.file}>
                <button type="button" className="link" onClick={() => void start(s.ruleSet, { kind: 'shipped', label: s.file })}>
                  {s.ruleSet.name}
                </button>
                <span className="muted"> {s.ruleSet.year} · {s.file}</span>
              </li>
            ))}
          </ul>
          <h3>{t('rules.start.stored')}</h3>
          <ul className="source-list">
            {stored.map((s) => (
              <li key={s.hash}>
                <button type="button" className="link" onClick={() => void start(s.ruleSet, { kind: 'stored', label: `${s.ruleSet.name} ${s.ruleSet.version}`, hash: s.hash })}>
                  {s.ruleSet.name}
                </button>
                <span className="muted"> {s.ruleSet.year} · {s.ruleSet.version} · {s.hash.slice(7, 15)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
