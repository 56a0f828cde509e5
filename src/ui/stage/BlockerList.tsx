/**
 * What keeps the assessment from 定稿, each a link to the unit where it is settled: its missing cells,
 * or its open appeal. Shown wherever 定稿 is asked for (the stage control, the lock button).
 */
import { Link } from 'react-router-dom';
import type { StageBlocker } from '../../app/stage';
import { useI18n } from '../useT';

export function BlockerList({ blockers, testId, onFollow }: { blockers: readonly StageBlocker[]; testId: string; onFollow?: () => void }) {
  const { t } = useI18n();
  return (
    <div data-testid={testId}>
      <p>{t('stage.blocked', { n: blockers.length })}</p>
      <ul>
        {blockers.map((b, i) => (
          <li key={i}>
            <Link to={`/entry/unit/${encodeURIComponent(b.unitId)}${b.kind === 'openAppeal' ? '#appeals' : ''}`} data-kind={b.kind} {...(onFollow && { onClick: onFollow })}>
              {b.kind === 'incomplete' ? t('stage.blockedIncomplete', { unit: b.unitName, n: b.missing }) : t('stage.blockedAppeal', { unit: b.unitName })}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
