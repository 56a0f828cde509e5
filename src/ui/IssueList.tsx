/** Validation problems as a table: where (JSON path, line, column) and what was expected. */
import { useI18n } from './useT';
import type { ValidationIssue } from '../engine';

export function IssueList({ title, issues, testId }: { title: string; issues: readonly ValidationIssue[]; testId: string }) {
  const { t } = useI18n();
  const shown = issues.slice(0, 200);
  return (
    <div className="issues" role="alert" data-testid={testId}>
      <p className="issues-title">{title}</p>
      <table>
        <thead>
          <tr>
            <th>{t('common.path')}</th>
            <th>{t('common.message')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i, n) => (
            <tr key={n} data-testid="issue">
              <td className="issue-path">
                <code>{i.path}</code>
              </td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.length > shown.length && <p className="muted">… {issues.length - shown.length}</p>}
    </div>
  );
}
