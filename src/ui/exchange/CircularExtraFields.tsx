/**
 * The circular's 依据 document, 整改期限 and the optional 版记 (抄送, 印发机关, 印发日期), kept with the
 * other particulars per assessment. An empty 依据 or 期限 stays a visible placeholder; no 印发机关, no 版记.
 */
import { useI18n } from '../useT';
import type { CircularForm } from './circularForm';

interface Props {
  form: CircularForm;
  update(change: Partial<CircularForm>): void;
}

export function CircularExtraFields({ form, update }: Props) {
  const { t } = useI18n();
  const field = (key: 'basis' | 'deadline' | 'cc' | 'printer' | 'printDate', label: string, placeholder = '') => (
    <label className="field">
      <span>{label}</span>
      <input type="text" value={form[key]} placeholder={placeholder} data-testid={`circular-${key}`} onChange={(e) => update({ [key]: e.target.value })} />
    </label>
  );
  return (
    <>
      {field('basis', t('circular.basis'), 'XXXX')}
      <p className="muted form-hint">{t('circular.basisHelp')}</p>
      {field('deadline', t('circular.deadline'), 'XXXX年XX月XX日')}
      <p className="muted form-hint">{t('circular.deadlineHelp')}</p>
      <details open={form.printer !== '' || form.cc !== ''}>
        <summary data-testid="circular-banji">{t('circular.banji')}</summary>
        {field('cc', t('circular.cc'))}
        {field('printer', t('circular.printer'))}
        {field('printDate', t('circular.printDate'), 'XXXX年XX月XX日')}
      </details>
    </>
  );
}
