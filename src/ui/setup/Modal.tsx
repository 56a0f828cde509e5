/** A dialog over the page: a title, its content, closed with Esc or 关闭. Focus moves into it when it opens. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../useT';
import './setupYear.css';

interface Props {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

export function Modal({ title, testId, onClose, children, wide }: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop">
      <div
        className={`modal${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        tabIndex={-1}
        ref={box}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="modal-head">
          <h3>{title}</h3>
          <button type="button" className="secondary" onClick={onClose} aria-label={t('common.close')}>
            {t('common.close')}
          </button>
        </div>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
