/**
 * 申诉 on a unit's page: the unit's appeals with their status and decision; during 征求意见 the office
 * records a new one (who, when, the findings or cells appealed, the reason and evidence links) and
 * decides each (upheld withdraws the findings; rejected keeps them, with the reply). Also the unit's
 * consultation files: its preliminary result as Word, and its own bundle.
 */
import { useMemo, useState } from 'react';
import { decideAppeal, listAppeals, recordAppeal, withdrawals, appealStatus, type Appeal } from '../../app/appeals';
import { currentStage } from '../../app/stage';
import { targetText } from '../../app/appealText';
import type { GroupView } from '../../app/assessmentView';
import type { ScoreEntry, Unit } from '../../engine';
import { useApp } from '../appContext';
import { useAssessment } from '../useAssessment';
import { useI18n } from '../useT';
import { useJob } from '../useJob';
import { useLive } from '../useLive';
import { MIME, downloadBytes, downloadText } from '../download';
import { STAGE_KEYS } from '../stage/stageWords';
import { targetOptions } from './appealTargets';
import { AppealEvidence, PendingFiles } from '../evidence/AppealEvidence';
import { useEvidenceAdder } from '../evidence/useEvidenceAdder';
import { errorText } from '../errorText';

type Msg = { ok: boolean; text: string };
const failed = (text: string): Msg => ({ ok: false, text });
const today = () => new Date().toISOString().slice(0, 10);

export function AppealSection({ g, unit, entries }: { g: GroupView; unit: Unit; entries: readonly ScoreEntry[] }) {
  const { t, dateTime } = useI18n();
  const { db, assessment, who } = useApp();
  const view = useAssessment();
  const stage = currentStage(assessment);
  const consultation = stage === 'consultation';
  const all = useLive(() => listAppeals(db, assessment.id), [db, assessment.id]);
  // until the read answers, the count and "no appeals" would be claims the page cannot yet make
  const ready = all.status === 'ready';
  const appeals = ready ? all.value.filter((a) => a.unitId === unit.id) : [];
  const [recording, setRecording] = useState(false);
  const [deciding, setDeciding] = useState<string | null>(null);
  const { busy, outcome, run } = useJob<Msg>(failed);
  const adder = useEvidenceAdder(unit.id);

  const download = (kind: 'word' | 'bundle') =>
    run(async () => {
      if (kind === 'word') {
        if (all.status !== 'ready') return failed(t('appeal.notRead'));
        const appealsNow = all.value;
        const { makeUnitFeedback } = await import('../../app/unitFeedback');
        const doc = await makeUnitFeedback(view, unit.id, appealsNow, { year: assessment.year });
        if (!doc) return failed(t('entry.unit.notFound', { id: unit.id }));
        downloadBytes(doc.fileName, doc.bytes, MIME.docx);
        return { ok: true, text: t('appeal.exported', { file: doc.fileName }) };
      }
      const { makeUnitBundle } = await import('../../app/unitFeedback');
      const b = await makeUnitBundle(db, view, unit.id, who);
      downloadText(b.fileName, b.text);
      return { ok: true, text: t('appeal.exported', { file: b.fileName }) };
    }, kind);

  return (
    <section className="card appeal-section" id="appeals" data-testid="appeal-section" data-stage={stage}>
      <div className="appeal-head">
        <h3>{ready ? t('appeal.title', { n: appeals.length }) : t('appeal.titleReading')}</h3>
        {consultation && !recording && (
          <button type="button" data-testid="appeal-record" onClick={() => setRecording(true)}>
            {t('appeal.record')}
          </button>
        )}
        <span className="toolbar-gap" />
        {/* the files say 征求意见稿: offered while that is what they are */}
        {consultation && <span className="muted">{t('appeal.exports')}：</span>}
        {consultation && <button type="button" className="secondary" data-testid="appeal-export-word" disabled={busy !== null || !ready} onClick={() => void download('word')}>
          {t('appeal.exportWord')}
        </button>}
        {consultation && <button type="button" className="secondary" data-testid="appeal-export-bundle" disabled={busy !== null} onClick={() => void download('bundle')}>
          {t('appeal.exportBundle')}
        </button>}
      </div>
      <p className="muted appeal-hint">{consultation ? t('appeal.hint') : t('appeal.notConsultation', { stage: t(STAGE_KEYS[stage]) })}</p>
      {outcome && (
        <p className={outcome.ok ? 'notice ok' : 'field-error'} role={outcome.ok ? 'status' : 'alert'} data-testid="appeal-message">
          {outcome.text}
        </p>
      )}
      {adder.message?.kind === 'error' && (
        <p className="field-error" role="alert" data-testid="appeal-files-message">
          {adder.message.text}
        </p>
      )}
      {recording && (
        <RecordForm
          g={g}
          entries={entries}
          busy={busy !== null}
          onCancel={() => setRecording(false)}
          onSave={(input) =>
            run(async () => {
              const { files, ...fields } = input;
              const recorded = await recordAppeal(db, assessment.id, { ...fields, unitId: unit.id }, who);
              // the files chosen in the form go onto the appeal now that it has an id
              await adder.add(recorded.id, files);
              setRecording(false);
              return { ok: true, text: t('appeal.saved') };
            }, 'record')
          }
        />
      )}
      {all.status === 'loading' ? (
        <p className="muted" data-testid="appeal-reading">{t('appeal.reading')}</p>
      ) : all.status === 'error' ? (
        <p className="field-error" role="alert">{errorText(all.error, t, 'read')}</p>
      ) : appeals.length === 0 ? (
        <p className="muted">{t('appeal.none')}</p>
      ) : (
        <table className="entry-table appeal-table" data-testid="appeal-list">
          <thead>
            <tr>
              <th>{t('appeal.colFiled')}</th>
              <th>{t('appeal.colTargets')}</th>
              <th>{t('appeal.colReason')}</th>
              <th>{t('appeal.colStatus')}</th>
              <th>{t('appeal.colReply')}</th>
            </tr>
          </thead>
          <tbody>
            {appeals.map((a) => {
              const status = appealStatus(a);
              return (
                <tr key={a.id} data-testid="appeal-row" data-status={status}>
                  <td>
                    {a.filedAt.slice(0, 10)}
                    <br />
                    {a.appellant}
                  </td>
                  <td>
                    {a.targets.map((x, i) => (
                      <div key={i}>{targetText(g, x, entries.find((e) => e.id === x.entryId))}</div>
                    ))}
                  </td>
                  <td>
                    {a.reason}
                    {a.links.map((l, i) => (
                      <div key={i} className="muted appeal-link">
                        {l}
                      </div>
                    ))}
                    <AppealEvidence appealId={a.id} unitId={unit.id} editable={consultation && status === 'open' && assessment.status !== 'locked'} />
                  </td>
                  <td>
                    <span className={`appeal-status ${status}`}>{t(`appeal.status.${status}`)}</span>
                    {status === 'open' && consultation && deciding !== a.id && (
                      <button type="button" className="link" data-testid="appeal-decide" onClick={() => setDeciding(a.id)}>
                        {t('appeal.decide')}
                      </button>
                    )}
                  </td>
                  <td>
                    {a.decision ? (
                      <>
                        {a.decision.reply}
                        <div className="muted">{t('appeal.decidedBy', { who: a.decision.decidedBy, at: dateTime(a.decision.decidedAt) })}</div>
                      </>
                    ) : deciding === a.id ? (
                      <DecideForm
                        appeal={a}
                        g={g}
                        entries={entries}
                        busy={busy !== null}
                        onCancel={() => setDeciding(null)}
                        onDecide={(d) =>
                          run(async () => {
                            await decideAppeal(db, assessment.id, a, d, entries, who);
                            setDeciding(null);
                            return { ok: true, text: t('appeal.decided') };
                          }, 'decide')
                        }
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface RecordInput {
  appellant: string;
  filedAt: string;
  targets: Appeal['targets'];
  reason: string;
  links: string[];
  /** evidence files, attached once the appeal is recorded */
  files: File[];
}

function RecordForm({ g, entries, busy, onSave, onCancel }: { g: GroupView; entries: readonly ScoreEntry[]; busy: boolean; onSave(i: RecordInput): void; onCancel(): void }) {
  const { t } = useI18n();
  const { assessors } = useApp();
  const options = useMemo(() => targetOptions(g.compiled, g.ruleSet, entries, assessors), [g, entries, assessors]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [appellant, setAppellant] = useState('');
  const [filedAt, setFiledAt] = useState(today());
  const [reason, setReason] = useState('');
  const [links, setLinks] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const toggle = (key: string, on: boolean) => setPicked((p) => { const n = new Set(p); if (on) n.add(key); else n.delete(key); return n; });
  return (
    <div
      className="appeal-form"
      data-testid="appeal-form"
      onPaste={(e) => {
        // a screenshot pasted anywhere in the form joins its files (text pastes go on as usual)
        const pasted = e.clipboardData?.files;
        if (!pasted || pasted.length === 0) return;
        e.preventDefault();
        setFiles((f) => [...f, ...Array.from(pasted)]);
      }}
    >
      <div className="inline-form">
        <label>
          {t('appeal.appellant')}
          <input data-testid="appeal-appellant" value={appellant} placeholder={t('appeal.appellantPlaceholder')} onChange={(e) => setAppellant(e.target.value)} />
        </label>
        <label>
          {t('appeal.filedAt')}
          <input type="date" data-testid="appeal-filed-at" value={filedAt} onChange={(e) => setFiledAt(e.target.value)} />
        </label>
      </div>
      <fieldset className="appeal-targets">
        <legend>{t('appeal.targets')}</legend>
        {options.length === 0 && <p className="muted">{t('appeal.noTargets')}</p>}
        {options.map((o) => (
          <label key={o.key} className="appeal-target">
            <input type="checkbox" data-testid="appeal-target" data-key={o.key} checked={picked.has(o.key)} onChange={(e) => toggle(o.key, e.target.checked)} />
            {o.label}
          </label>
        ))}
      </fieldset>
      <label className="appeal-wide">
        {t('appeal.reason')}
        <textarea data-testid="appeal-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label className="appeal-wide">
        {t('appeal.links')}
        <textarea data-testid="appeal-links" rows={2} value={links} onChange={(e) => setLinks(e.target.value)} />
      </label>
      <PendingFiles files={files} onChange={setFiles} label={t('evidence.appealFiles')} />
      <div className="inline-form">
        <button
          type="button"
          data-testid="appeal-save"
          disabled={busy}
          onClick={() =>
            onSave({
              appellant,
              filedAt,
              reason,
              targets: options.filter((o) => picked.has(o.key)).map((o) => o.target),
              links: links.split('\n').map((l) => l.trim()).filter((l) => l !== ''),
              files,
            })
          }
        >
          {t('appeal.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function DecideForm({ appeal, g, entries, busy, onDecide, onCancel }: { appeal: Appeal; g: GroupView; entries: readonly ScoreEntry[]; busy: boolean; onDecide(d: { outcome: 'upheld' | 'rejected'; reply: string }): void; onCancel(): void }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'upheld' | 'rejected'>('upheld');
  const [reply, setReply] = useState('');
  const plan = withdrawals(appeal, entries);
  const text = (x: Appeal['targets'][number]) => targetText(g, x, entries.find((e) => e.id === x.entryId));
  const withdrawn = appeal.targets.filter((x) => !plan.manual.includes(x));
  return (
    <div className="appeal-decide" data-testid="appeal-decide-form">
      <label>
        <input type="radio" name={`o-${appeal.id}`} data-testid="appeal-upheld" checked={outcome === 'upheld'} onChange={() => setOutcome('upheld')} />
        {t('appeal.upheld')}
      </label>
      <label>
        <input type="radio" name={`o-${appeal.id}`} data-testid="appeal-rejected" checked={outcome === 'rejected'} onChange={() => setOutcome('rejected')} />
        {t('appeal.rejected')}
      </label>
      {outcome === 'upheld' && withdrawn.length > 0 && <p className="muted">{t('appeal.willWithdraw', { items: withdrawn.map(text).join('；') })}</p>}
      {outcome === 'upheld' && plan.manual.length > 0 && <p className="field-error">{t('appeal.manual', { items: plan.manual.map(text).join('；') })}</p>}
      <label className="appeal-wide">
        {t('appeal.reply')}
        <textarea data-testid="appeal-reply" rows={2} value={reply} onChange={(e) => setReply(e.target.value)} />
      </label>
      <div className="inline-form">
        <button type="button" data-testid="appeal-confirm" disabled={busy} onClick={() => onDecide({ outcome, reply })}>
          {t('appeal.confirmDecision')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
