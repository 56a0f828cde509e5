/** What an audit row changed, in words: cells like the entry grid shows them, other actions by their gist. */
import type { AuditRow } from '../../app/audit';
import type { T } from '../useT';
import { scoreEntry } from '../../engine';
import { describeEntry } from '../describe';
import { STAGES, type Stage } from '../../app/stage';
import { STAGE_KEYS } from '../stage/stageWords';

const isStage = (v: unknown): v is Stage => typeof v === 'string' && (STAGES as readonly string[]).includes(v);

const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function describeValue(row: AuditRow, v: unknown, t: T): string {
  if (v === null || v === undefined) return t('value.empty');
  const o = rec(v);
  switch (row.action) {
    case 'assessment.create':
      return t('audit.created', { name: str(o.name), year: str(o.year) });
    case 'assessment.load':
      return t('audit.loaded', { units: str(o.units), assessors: str(o.assessors), entries: str(o.entries) });
    case 'import':
      // rows written before deletions travelled have no `removed`
      return t('audit.imported', { added: str(o.added), updated: str(o.updated), removed: str(o.removed ?? 0), unchanged: str(o.unchanged), conflicts: str(o.conflicts) });
    case 'assessment.lock':
    case 'assessment.unlock':
      return o.status === 'locked' ? t('audit.status.locked') : t('audit.status.open');
    case 'assessment.stage':
      return isStage(o.stage) ? t(STAGE_KEYS[o.stage]) : str(o.stage);
    case 'appeal.record':
    case 'appeal.decide':
    case 'appeal.import': {
      const status = rec(o.decision).outcome;
      const targets = Array.isArray(o.targets) ? o.targets.map((x) => str(rec(x).text) || str(rec(x).node)).join('、') : '';
      return `${t(`appeal.status.${status === 'upheld' || status === 'rejected' ? status : 'open'}`)}：${str(o.appellant)} · ${targets}${status ? ` · ${str(rec(o.decision).reply)}` : ''}`;
    }
    case 'selfAssessment.import':
      // a unit's returned self-assessment (a result file, or through the server): its size, not its items
      return t('audit.selfReturned', { items: str(o.items), files: str(o.attachments ?? o.files ?? 0) }) + (typeof o.file === 'string' ? `（${o.file}）` : '');
    case 'selfAssessment.save':
      // one item as the unit filled it in; a whole version taken from the server is told by its size
      if (typeof o.node === 'string') return `${o.score === undefined ? t('self.conflict.noScore') : t('common.points', { n: str(o.score) })}${typeof o.explanation === 'string' && o.explanation ? ` · ${o.explanation}` : ''}`;
      return t('audit.selfReturned', { items: str(o.items), files: str(o.files ?? 0) }) + (typeof o.from === 'string' ? `（${o.from}）` : '');
    case 'conflict.resolve':
      // a self-assessment's versions and the one chosen; an entry's conflict shows the entry (below)
      if (Array.isArray(o.selfVersions)) return t('audit.selfVersions', { n: o.selfVersions.length });
      if (o.selfChosen) return t('audit.selfChosen', { who: str(rec(o.selfChosen).updatedBy), at: str(rec(o.selfChosen).updatedAt).slice(0, 16).replace('T', ' '), items: str(rec(o.selfChosen).items) });
      return describeEntryOr(v, o, t);
    case 'ruleSet.set':
      return t('audit.ruleSet', { group: str(o.group), ruleSet: str(o.ruleSetId), version: str(o.version) || '—' });
    default:
      return describeEntryOr(v, o, t);
  }
}

/** An entry as the grid shows it, else the value's name or text. */
function describeEntryOr(v: unknown, o: Record<string, unknown>, t: T): string {
  const entry = scoreEntry.safeParse(v);
  if (entry.success) return describeEntry(entry.data, t);
  return typeof o.name === 'string' ? o.name : str(v) || t('value.empty');
}

export function auditChange(row: AuditRow, t: T): { before: string | null; after: string } {
  return {
    before: row.before === null || row.before === undefined ? null : describeValue(row, row.before, t),
    after: describeValue(row, row.after, t),
  };
}
