/** The draft's errors in one line each, with a link to the place; shown above the form. */
import type { PlacedIssue } from '../../report/ruleDraft/issues';
import { useI18n } from '../useT';

export type Tab = 'node' | 'about' | 'tiers' | 'vetoes' | 'order' | 'diff' | 'preview';

/** The tab that shows the field an issue names. */
export function tabOf(i: PlacedIssue): Tab {
  if (i.place.kind === 'node') return 'node';
  switch (i.place.list) {
    case 'tiers':
      return 'tiers';
    case 'vetoes':
    case 'thresholds':
      return 'vetoes';
    case 'tieBreak':
    case 'unitClasses':
    case 'indicators':
      return 'order';
    default:
      return 'about';
  }
}

export function IssueSummary({ errors, onGo }: { errors: readonly PlacedIssue[]; onGo(i: PlacedIssue): void }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  const shown = errors.slice(0, 5);
  return (
    <div className="issue-summary" data-testid="rule-errors">
      <strong>{t('rules.errorsTitle', { n: errors.length })}</strong>
      <ul>
        {shown.map((i, k) => (
          <li key={k}>
            <button type="button" className="link" onClick={() => onGo(i)}>
              {i.message}
            </button>
            <code className="issue-path">{i.path}</code>
          </li>
        ))}
        {errors.length > shown.length && <li className="muted">{t('rules.errorsMore', { n: errors.length - shown.length })}</li>}
      </ul>
    </div>
  );
}
