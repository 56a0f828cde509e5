/** Per group: 导入考核细则（Excel） and 导出考核细则（Excel / Word）. */
import { ruleTableFile } from '../../app/ruleTable';
import type { RuleSet } from '../../engine';
import { downloadBytes, MIME } from '../download';
import { FileButton, XLSX_FILES } from '../FileButton';
import { useI18n } from '../useT';
import type { Message } from './useRuleSetChange';

interface Props {
  groupKey: string;
  ruleSet: RuleSet;
  locked: boolean;
  onTable(file: File): void;
  onMessage(m: Message): void;
}

export function RuleTableButtons({ groupKey, ruleSet, locked, onTable, onMessage }: Props) {
  const { t } = useI18n();
  const exportAs = async (kind: 'xlsx' | 'docx') => {
    const f = await ruleTableFile(ruleSet, kind);
    downloadBytes(f.name, f.bytes, MIME[kind]);
    onMessage({ ok: true, text: t('ruleTable.exported', { file: f.name, list: f.notInTable.join('、') }) });
  };
  return (
    <span className="rule-table-buttons">
      <FileButton accept={XLSX_FILES} testId={`rule-table-file-${groupKey}`} disabled={locked} title={t('ruleTable.importTitle')} onFile={onTable}>
        {t('ruleTable.import')}
      </FileButton>
      <button type="button" className="secondary" data-testid={`rule-table-xlsx-${groupKey}`} onClick={() => void exportAs('xlsx')}>
        {t('ruleTable.exportXlsx')}
      </button>
      <button type="button" className="secondary" data-testid={`rule-table-docx-${groupKey}`} onClick={() => void exportAs('docx')}>
        {t('ruleTable.exportDocx')}
      </button>
    </span>
  );
}
