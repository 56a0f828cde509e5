/** Whether every edit is on disk: the masthead's 已保存 / 保存中 / 保存失败. */
import { useSaveStatus } from '../app/saveStatus';
import { errorText } from './errorText';
import { useI18n } from './useT';

export function SaveState() {
  const { t } = useI18n();
  const { pending, error, saved } = useSaveStatus();
  const state = pending > 0 ? 'saving' : error ? 'error' : 'saved';
  return (
    <span className={`save-state ${state}`} data-testid="save-state" data-state={state} data-saves={saved} title={error ? errorText(error, t) : undefined} role="status">
      <span className="dot" aria-hidden="true" />
      {state === 'saving' ? t('save.saving') : state === 'error' ? t('save.error') : t('save.saved')}
    </span>
  );
}
