/** Problems of a 考核细则 table, each with its sheet, row and column. */
import type { TableProblem } from '../../app/ruleTable';
import { useI18n } from '../useT';

export function TableProblems({ file, problems }: { file: string; problems: readonly TableProblem[] }) {
  const { t } = useI18n();
  const shown = problems.slice(0, 200);
  return (
    <div className="issues" role="alert" data-testid="rule-table-errors">
      <p className="issues-title">{t('ruleTable.errors', { file, n: problems.length })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('ruleTable.sheet')}</th>
            <th>{t('ruleTable.row')}</th>
            <th>{t('ruleTable.column')}</th>
            <th>{t('ruleTable.message')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p, i) => (
            <tr key={i} data-testid="issue">
              <td>{p.sheet}</td>
              <td>{p.row > 0 ? p.row : ''}</td>
              <td>{p.column}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
