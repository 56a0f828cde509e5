/**
 * 打印 / 导出PDF (#/print): the circular laid out as a 公文 page by page — the same content as the Word
 * file (circularContent), then one attachment table per group on pages of its own, landscape when the
 * table is too wide — for the browser's print dialog ("另存为 PDF"). No app chrome: only a toolbar
 * that is not printed.
 */
import { Fragment, useEffect } from 'react';
import { Link } from 'react-router-dom';
import { attachmentLayout, circularContent, indicatorHeader, type CircularContent } from '../../app/circularContent';
import { flatColumns, flatText } from '../../report/reportTables';
import { useI18n } from '../useT';
import { useApp } from '../appContext';
import { currentStage } from '../../app/stage';
import { STAGE_KEYS } from '../stage/stageWords';
import { circularOptions, useCircularForm } from '../exchange/circularForm';
import { fileNames } from '../exchange/fileNames';
import { useAssessment } from '../useAssessment';
import './print.css';

export function PrintView() {
  const { t } = useI18n();
  const { assessment } = useApp();
  const view = useAssessment();
  const [form] = useCircularForm(assessment.id);
  const groups = view.groups.map((g) => g.group);
  const content = circularContent(
    view.groups.map((g) => ({ ruleSet: g.ruleSet, result: g.result })),
    circularOptions(form, assessment.year, groups),
  );

  // not final, or anything missing: the printout is a draft and says so on every page
  const stage = currentStage(assessment);
  const preliminary = (stage !== 'final' && stage !== 'published') || view.groups.some((g) => !g.result.complete);

  // the browser offers the page title as the PDF's file name
  const fileTitle = fileNames.circular(assessment.year).replace(/\.docx$/, '');
  useEffect(() => {
    const before = document.title;
    document.title = fileTitle;
    return () => {
      document.title = before;
    };
  }, [fileTitle]);

  return (
    <div className="print-view" data-testid="print-view">
      <div className="print-toolbar" role="toolbar">
        <Link to="/export" className="print-back" data-testid="print-back">
          {t('export.printBack')}
        </Link>
        <button type="button" data-testid="print-now" onClick={() => window.print()}>
          {t('export.printNow')}
        </button>
        <span className="print-hint">{t('export.printHint')}</span>
        {preliminary && (
          <span className="print-preliminary" data-testid="print-preliminary">
            {t('print.preliminary', { stage: t(STAGE_KEYS[stage]) })}
          </span>
        )}
      </div>
      <article className="gw-doc" lang="zh-CN">
        {/* fixed: a printout repeats it on every page */}
        {preliminary && (
          <div className="gw-draft-mark" data-testid="print-draft-mark">
            {t('cycle.draftMark')}
          </div>
        )}
        <MainPages c={content} />
        {content.attachments.map((a) => (
          <Attachment key={a.label} a={a} />
        ))}
        {content.banji && <Banji b={content.banji} />}
      </article>
    </div>
  );
}

/** mm of the 版心 width, in points: what the 发文机关标志 may span. */
const CORE_WIDTH_PT = (156 / 25.4) * 72;

/** Width of text in characters: CJK and full-width 1, ASCII ½. */
const textWidth = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 0.5 : 1), 0);

/** 小初 (36 pt) unless the office's name would not fit on one line; never below 2号 (22 pt). */
const issuerSize = (mark: string): number => Math.max(22, Math.min(36, Math.floor(CORE_WIDTH_PT / (textWidth(mark) * 1.06))));

function MainPages({ c }: { c: CircularContent }) {
  const last = c.sections.length - 1;
  const closingParagraph = c.sections[last]?.paragraphs.at(-1);
  return (
    <section className="gw-sheet gw-main" data-testid="print-main">
      <header className="gw-head">
        <div className="gw-issuer" style={{ fontSize: `${issuerSize(c.issuerMark)}pt` }}>
          {c.issuerMark}
        </div>
        <div className="gw-docno">{c.docNumber}</div>
        <hr className="gw-redline" />
      </header>
      <h1 className="gw-title">{c.title}</h1>
      <p className="gw-recipients">{c.recipients}</p>
      <p className="gw-p">{c.intro}</p>
      {c.sections.map((s, i) => (
        <Fragment key={s.heading}>
          <h2 className="gw-h1">{s.heading}</h2>
          {(i === last ? s.paragraphs.slice(0, -1) : s.paragraphs).map((p, j) => (
            <p key={j} className="gw-p">
              {p}
            </p>
          ))}
        </Fragment>
      ))}
      {/* the last paragraph goes with the attachment list and the signature: no page holds only those */}
      <div className="gw-closing">
        {closingParagraph !== undefined && <p className="gw-p">{closingParagraph}</p>}
        {c.attachments.length > 0 && (
          <div className="gw-attachment-list">
            {c.attachments.map((a, i) => (
              <p key={a.label} className={i === 0 ? 'first' : undefined}>
                {i === 0 ? '附件：' : ''}
                {i + 1}．{a.title}
              </p>
            ))}
          </div>
        )}
        <div className="gw-signature">
          <div>
            <p>{c.signature}</p>
            <p>{c.date}</p>
          </div>
        </div>
      </div>
    </section>
  );
}

/**
 * 版记 (GB/T 9704 7.4) on a last page of its own, at the foot of the 版心: 抄送 between a thick first
 * line and a thin one, then 印发机关 at the left and 印发日期 at the right above a thick last line.
 */
function Banji({ b }: { b: NonNullable<CircularContent['banji']> }) {
  return (
    <section className="gw-sheet gw-banji-page" data-testid="print-banji">
      <div className="gw-banji">
        {b.cc && (
          <p className="gw-banji-cc" data-testid="print-banji-cc">
            {b.cc}
          </p>
        )}
        <p className="gw-banji-printed" data-testid="print-banji-printed">
          <span>{b.printer}</span>
          <span>{b.printed}</span>
        </p>
      </div>
    </section>
  );
}

function Attachment({ a }: { a: CircularContent['attachments'][number] }) {
  const columns = flatColumns(a.table);
  const { widths, landscape } = attachmentLayout(a.table, columns);
  const total = widths.reduce((x, y) => x + y, 0);
  return (
    <section
      className={`gw-sheet gw-attachment${landscape ? ' landscape' : ''}`}
      data-testid="print-attachment"
      data-group={a.table.group}
      data-orientation={landscape ? 'landscape' : 'portrait'}
    >
      <p className="gw-att-label">{a.label}</p>
      <h2 className="gw-att-title">{a.title}</h2>
      <table className="gw-table">
        <colgroup>
          {columns.map((c, i) => (
            <col key={`${c.kind}-${c.key ?? i}`} style={{ width: `${(((widths[i] ?? 0) / total) * 100).toFixed(2)}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={`${c.kind}-${c.key ?? i}`}>{c.kind === 'indicator' ? indicatorHeader(c, widths[i] ?? 20) : c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {a.table.rows.map((r) => (
            <tr key={r.unitId} data-unit-id={r.unitId} className={r.unscored ? 'unscored' : undefined}>
              {columns.map((c, i) => (
                <td key={`${c.kind}-${c.key ?? i}`} className={c.kind === 'unit' || c.kind === 'note' ? 'left' : undefined}>
                  {flatText(a.table, r, c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
