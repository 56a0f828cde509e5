/**
 * 导入导出: the circular and result files, offline entry templates, score files (bundles) to export,
 * import and merge, merge conflicts (of entries, and of self-assessments through a sync server), and the
 * audit log.
 */
import { useI18n } from '../useT';
import { AuditTable } from '../exchange/AuditTable';
import { CircularSection } from '../exchange/CircularSection';
import { ConflictsView } from '../exchange/ConflictsView';
import { SelfConflictsView } from '../exchange/SelfConflictsView';
import { ExportSection } from '../exchange/ExportSection';
import { FeedbackSection } from '../exchange/FeedbackSection';
import { ImportSection } from '../exchange/ImportSection';
import { TemplateSection } from '../exchange/TemplateSection';
import { SelfExchangeSection } from '../selfAssessment/SelfExchangeSection';
import { SyncSection } from '../sync/SyncSection';
import '../exchange/exchange.css';

export function ExportPage() {
  const { t } = useI18n();
  return (
    <section data-testid="page-export">
      <div className="page-head">
        <h2>{t('export.title')}</h2>
      </div>
      <CircularSection />
      <FeedbackSection />
      <TemplateSection />
      <div className="two-columns">
        <ExportSection />
        <ImportSection />
      </div>
      <SelfExchangeSection />
      <SyncSection />
      <ConflictsView />
      <SelfConflictsView />
      <AuditTable />
    </section>
  );
}
