/** One row of a settings list (a tier, a veto, a threshold, a unit class) as a small card with its actions. */
import type { ReactNode } from 'react';
import { useI18n } from '../useT';

export function ListCard({
  title,
  index,
  count,
  testId,
  onMove,
  onDelete,
  children,
  bad,
}: {
  title: ReactNode;
  index: number;
  count: number;
  testId: string;
  onMove(delta: -1 | 1): void;
  onDelete(): void;
  children: ReactNode;
  bad?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={`list-card${bad ? ' bad' : ''}`} data-testid={testId}>
      <div className="list-card-head">
        <span className="list-card-no">{index + 1}</span>
        <span className="list-card-title">{title}</span>
        <span className="list-card-actions">
          <button type="button" className="icon" title={t('rules.moveUp')} disabled={index === 0} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button type="button" className="icon" title={t('rules.moveDown')} disabled={index === count - 1} onClick={() => onMove(1)}>
            ↓
          </button>
          <button type="button" className="icon danger" title={t('common.delete')} data-testid={`${testId}-delete`} onClick={onDelete}>
            ×
          </button>
        </span>
      </div>
      {children}
    </div>
  );
}
