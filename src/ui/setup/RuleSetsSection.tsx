/**
 * Which rule set each group is scored with, pinned by content hash. 导入规则文件 reads a JSON rule file
 * through the rule-file door; problems are listed by JSON path and nothing changes.
 */
import { useState } from 'react';
import { useI18n } from '../useT';
import { parseRuleSetText, type RuleWarning, type ValidationIssue } from '../../engine';
import { RuleTableButtons } from './RuleTableButtons';
import { useRuleSetChange } from './useRuleSetChange';
import { useApp } from '../appContext';
import { IssueList } from '../IssueList';
import { FileButton, JSON_FILES } from '../FileButton';
import { useAssessment } from '../useAssessment';
import { errorText } from '../errorText';
import { readTextFile } from '../../app/readTextFile';

export function RuleSetsSection() {
  const { t } = useI18n();
  const { assessment } = useApp();
  const view = useAssessment();
  const [issues, setIssues] = useState<{ file: string; errors: ValidationIssue[] } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [warnings, setWarnings] = useState<{ file: string; warnings: RuleWarning[] } | null>(null);
  const locked = assessment.status === 'locked';
  // a new rule set goes through the impact check on stored entries (and a table through its review)
  const change = useRuleSetChange(setMessage);

  const importFile = async (groupKey: string, groupName: string, file: File) => {
    setIssues(null);
    setMessage(null);
    setWarnings(null);
    // everything, reading and checking included, inside the try: a failure always leaves a message
    try {
      const read = await readTextFile(file);
      const parsed = read.ok ? parseRuleSetText(read.text, file.name) : read;
      if (!parsed.ok) {
        setIssues({ file: file.name, errors: parsed.errors });
        return;
      }
      await change.propose({ key: groupKey, name: groupName }, parsed.ruleSet);
      if (parsed.warnings.length > 0) setWarnings({ file: file.name, warnings: parsed.warnings });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t, 'save') });
    }
  };

  return (
    <section className="card" data-testid="rulesets">
      <h3>{t('setup.ruleSets')}</h3>
      <table className="plain">
        <thead>
          <tr>
            <th>{t('setup.group')}</th>
            <th>{t('setup.ruleSet')}</th>
            <th>{t('setup.version')}</th>
            <th>{t('setup.hash')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.groups.map(({ group, ruleSet }) => (
            <tr key={group.key}>
              <td>{group.name}</td>
              <td title={ruleSet.source}>{ruleSet.name}</td>
              <td>
                {ruleSet.version}（{ruleSet.year}）
              </td>
              <td>
                <code title={group.ruleSetHash}>{group.ruleSetHash.slice(7, 19)}</code>
              </td>
              <td>
                <FileButton accept={JSON_FILES} testId={`rules-file-${group.key}`} disabled={locked} onFile={(f) => void importFile(group.key, group.name, f)}>
                  {t('setup.importRules')}
                </FileButton>
                <RuleTableButtons groupKey={group.key} ruleSet={ruleSet} locked={locked} onTable={(f) => void change.importTable(group, f)} onMessage={setMessage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {change.panel}
      {issues && (
        <IssueList title={t('setup.ruleFileErrors', { file: issues.file, n: issues.errors.length })} issues={issues.errors} testId="rules-errors" />
      )}
      {warnings && (
        <IssueList
          title={t('setup.ruleFileWarnings', { file: warnings.file, n: warnings.warnings.length })}
          issues={warnings.warnings}
          testId="rules-warnings"
        />
      )}
      {message && (
        <p className={message.ok ? 'notice ok' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
