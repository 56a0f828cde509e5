/** A button that starts generating a file and says so while it works. */
import type { ReactNode } from 'react';
import { useI18n } from '../useT';
import type { Task, TaskMessage } from './useTask';

interface Props {
  task: Task;
  id: string;
  testId: string;
  disabled?: boolean;
  secondary?: boolean;
  onRun(): Promise<string>;
  children: ReactNode;
}

export function TaskButton({ task, id, testId, disabled = false, secondary = false, onRun, children }: Props) {
  const { t } = useI18n();
  const running = task.busy === id;
  return (
    <button
      type="button"
      className={`task-button${secondary ? ' secondary' : ''}${running ? ' running' : ''}`}
      data-testid={testId}
      data-busy={running ? 'true' : 'false'}
      aria-busy={running}
      disabled={disabled || task.busy !== null}
      onClick={() => void task.run(id, onRun)}
    >
      {running ? t('export.generating') : children}
    </button>
  );
}

export function TaskResult({ message, testId }: { message: TaskMessage | null; testId: string }) {
  if (!message) return null;
  return (
    <p className={message.ok ? 'notice ok' : 'field-error task-error'} role={message.ok ? 'status' : 'alert'} data-testid={testId} data-ok={message.ok ? 'true' : 'false'}>
      {message.text}
    </p>
  );
}
