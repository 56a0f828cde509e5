/** 导入导出: export bundles, import and merge them, resolve conflicts, and read the audit log. */
import { useI18n } from '../../i18n/useT';
import { AuditTable } from '../exchange/AuditTable';
import { ConflictsView } from '../exchange/ConflictsView';
import { ExportSection } from '../exchange/ExportSection';
import { ImportSection } from '../exchange/ImportSection';

export function ExportPage() {
  const { t } = useI18n();
  return (
    <section data-testid="page-export">
      <div className="page-head">
        <h2>{t('export.title')}</h2>
      </div>
      <div className="two-columns">
        <ExportSection />
        <ImportSection />
      </div>
      <ConflictsView />
      <AuditTable />
    </section>
  );
}
