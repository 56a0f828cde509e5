/**
 * Self-assessment (自评) as the two sides use it. The office exports a package per unit (or all as a
 * zip) and imports the results units send back; a unit opens its package as a copy of its own, fills
 * it in and exports the result. Files are read and checked in full before anything is written.
 */
import { compileRuleSet, type NodeResult, type UnitResult } from '../engine';
import type { ValidationIssue } from '../model/issues';
import { SELF_RESULT_TYPE, SELF_VERSION, type SelfItem, type SelfResult } from '../model/selfAssessment';
import { buildSelfPackage, parseSelfPackage, readSelfResult, selfFileName, serializeSelfPackage, writeSelfResult } from '../formats/selfAssessmentPackage';
import { trackSave } from './saveStatus';
import {
  InvalidDataError,
  SYNCED_SELF_SOURCE,
  auditLog,
  getSelfAssessment,
  importSelfResult,
  listAttachments,
  loadAssessmentFrame,
  openSelfPackage,
  readFile,
  saveSelfItem,
  setCurrentAssessmentId,
  selfOwnerId,
  type AssessmentRow,
  type KaoheDb,
  type SelfAssessmentRow,
} from '../store/repo';
import type { FileOutcome } from './exchange';

export { getSelfAssessment, listSelfAssessments, selfOwnerId, type SelfAssessmentRow } from '../store/repo';
export { selfIndicators } from '../formats/selfAssessmentPackage';
export type { SelfIndicator, SelfItem } from '../model/selfAssessment';

/** The assessment is a unit's self-assessment copy: the app shows that unit and nothing else. */
export const isSelfMode = (a: Pick<AssessmentRow, 'self'>): boolean => a.self !== undefined;

/** The package of one unit: its rule set, the unit and its items; nothing of any other unit. */
export async function exportSelfPackage(db: KaoheDb, assessmentId: string, unitId: string, who: string): Promise<{ text: string; fileName: string }> {
  const frame = await loadAssessmentFrame(db, assessmentId);
  const unit = frame.units.find((u) => u.id === unitId);
  const pinned = unit ? frame.groupRuleSets.find((g) => g.group.key === unit.group) : undefined;
  if (!unit || !pinned) throw new InvalidDataError('自评包', [{ path: `units[${unitId}]`, message: '本考核没有这个单位，或它的分组没有规则集' }]);
  const p = buildSelfPackage({
    assessment: frame.assessment,
    group: pinned.group,
    compiled: compileRuleSet(pinned.ruleSet),
    unit,
    exportedAt: new Date().toISOString(),
    exportedBy: who,
  });
  return { text: serializeSelfPackage(p), fileName: selfFileName('自评包', frame.assessment.name, unit.name, 'json') };
}

/** Every unit's package in one zip, a folder per group. */
export async function exportAllSelfPackages(db: KaoheDb, assessmentId: string, who: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const frame = await loadAssessmentFrame(db, assessmentId);
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const at = new Date().toISOString();
  for (const { group, ruleSet } of frame.groupRuleSets) {
    const compiled = compileRuleSet(ruleSet);
    for (const unit of frame.units.filter((u) => u.group === group.key)) {
      const p = buildSelfPackage({ assessment: frame.assessment, group, compiled, unit, exportedAt: at, exportedBy: who });
      const name = selfFileName('自评包', frame.assessment.name, unit.name, 'json');
      zip.file(`${group.name.replace(/[\\/:*?"<>|]/g, '_')}/${name}`, serializeSelfPackage(p), { compression: 'DEFLATE' });
    }
  }
  return { bytes: await zip.generateAsync({ type: 'uint8array', platform: 'DOS' }), fileName: `${frame.assessment.name}自评包（全部单位）.zip` };
}

/** Opens a package on the unit's machine and makes its copy the open assessment. */
export async function openSelfPackageFile(db: KaoheDb, text: string, fileName: string, who: string): Promise<FileOutcome<{ unitName: string; existed: boolean }>> {
  const parsed = parseSelfPackage(text, fileName);
  if (!parsed.ok) return parsed;
  const opened = await trackSave(() => openSelfPackage(db, parsed.value, who));
  await setCurrentAssessmentId(db, opened.id);
  return { ok: true, unitName: parsed.value.unit.name, existed: opened.existed };
}

export function saveSelfAssessmentItem(db: KaoheDb, a: AssessmentRow, item: SelfItem, who: string): Promise<SelfAssessmentRow> {
  if (!a.self) throw new Error('not a self-assessment copy');
  return trackSave(() => saveSelfItem(db, a.id, a.self!.unitId, item, who));
}

/** The unit's result for the office: JSON, or a zip with the material's files. */
export async function exportSelfResult(db: KaoheDb, a: AssessmentRow, who: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const origin = a.self;
  if (!origin) throw new Error('not a self-assessment copy');
  const frame = await loadAssessmentFrame(db, a.id);
  const unit = frame.units.find((u) => u.id === origin.unitId);
  const row = await getSelfAssessment(db, a.id, origin.unitId);
  const attachments = (await listAttachments(db, a.id)).filter((x) => x.ownerId.startsWith(selfOwnerId(origin.unitId, '')));
  const files = new Map<string, Uint8Array>();
  for (const x of attachments) {
    const f = await readFile(db, x.hash);
    if (f) files.set(x.hash, new Uint8Array(await f.bytes.arrayBuffer()));
  }
  const items = row?.items ?? [];
  // material of an item with no score or explanation still travels: the item is listed for it
  const nodes = new Set(items.map((i) => i.node));
  const extra = attachments.map((x) => x.ownerId.slice(selfOwnerId(origin.unitId, '').length)).filter((n) => !nodes.has(n) && nodes.add(n));
  const result: SelfResult = {
    type: SELF_RESULT_TYPE,
    schemaVersion: SELF_VERSION,
    exportedAt: new Date().toISOString(),
    exportedBy: who,
    assessmentId: origin.assessmentId,
    unitId: origin.unitId,
    unitName: unit?.name ?? origin.unitId,
    ruleSetHash: origin.ruleSetHash,
    items: [...items, ...extra.map((node) => ({ node }))],
    ...(attachments.length > 0 && {
      attachments: attachments.map((x) => ({ id: x.id, ownerId: x.ownerId.slice(selfOwnerId(origin.unitId, '').length), hash: x.hash, name: x.name, type: x.type, size: x.size })),
    }),
  };
  const bytes = await writeSelfResult(result, [...files].map(([hash, b]) => ({ hash, bytes: b })));
  return { bytes, fileName: selfFileName('自评结果', a.name, unit?.name ?? origin.unitId, files.size > 0 ? 'zip' : 'json') };
}

/** Reads a returned result and stores it; a file with any problem changes nothing. */
export async function importSelfResultFile(db: KaoheDb, assessmentId: string, bytes: Uint8Array, fileName: string, who: string): Promise<FileOutcome<{ unitId: string; unitName: string; items: number; files: number }>> {
  const read = await readSelfResult(bytes, fileName);
  if (!read.ok) return read;
  try {
    const row = await trackSave(() => importSelfResult(db, assessmentId, { result: read.value.result, files: read.value.files, fileName }, who));
    return { ok: true, unitId: row.unitId, unitName: read.value.result.unitName, items: row.items.length, files: read.value.files.size };
  } catch (e) {
    if (e instanceof InvalidDataError) return { ok: false, errors: e.issues as ValidationIssue[] };
    throw e;
  }
}

/** Self scores by unit and leaf, from the results units sent back. */
export function selfScoresByUnit(rows: readonly SelfAssessmentRow[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.kind !== 'imported') continue;
    const m = new Map<string, number>();
    for (const i of r.items) if (i.score !== undefined) m.set(i.node, i.score);
    out.set(r.unitId, m);
  }
  return out;
}

/** The assessors' score of a leaf beside the unit's own: absent when either is missing or the leaf does not apply. */
export function selfDifference(self: number | undefined, node: Pick<NodeResult, 'score' | 'applicable'> | undefined): 'same' | 'differs' | undefined {
  if (self === undefined || !node || !node.applicable) return undefined;
  return Math.abs(self - node.score) < 1e-9 ? 'same' : 'differs';
}

/** A unit whose self score differs from the assessors' on at least one leaf (the grid's 自评差异 filter). */
export function selfDiffers(self: ReadonlyMap<string, number> | undefined, result: Pick<UnitResult, 'nodes'> | undefined): boolean {
  if (!self || !result) return false;
  for (const [node, score] of self) if (selfDifference(score, result.nodes[node]) === 'differs') return true;
  return false;
}

/**
 * Whether the unit's copy last changed by taking the version the unit's other machine wrote (through
 * the sync server), rather than by an edit here: the form's values changed under the user, who is told.
 */
export async function takenFromServer(db: KaoheDb, a: AssessmentRow): Promise<boolean> {
  if (!a.self) return false;
  const last = (await auditLog(db, a.id, { unitId: a.self.unitId })).find((r) => r.action === 'selfAssessment.save' || r.action === 'attachment.add' || r.action === 'attachment.remove');
  const after = last?.action === 'selfAssessment.save' ? (last.after as { from?: unknown } | null) : null;
  return after?.from === SYNCED_SELF_SOURCE;
}
