/**
 * Who an attachment belongs to, in words a clerk can find: the unit, the indicator and the finding's
 * number and reason (or the veto entry, or the unit's appeal). Used to locate problems in a bundle and to
 * name exported files.
 */
import type { Bundle } from '../model/assessment';
import type { RuleNode, RuleSet } from '../model/ruleSet';
import type { ScoreEntry, Unit } from '../model/entries';
import type { Appeal } from '../model/appeal';

export interface AttachmentOwner {
  unitId: string;
  unitName: string;
  node: string;
  nodeName: string;
  /** 1-based number of the finding within its entry; absent for a veto entry */
  findingNumber?: number;
  reason?: string;
  /** for an appeal's files: the day the unit filed it */
  appealFiled?: string;
}

/** The folder of appeals' files in a unit's evidence zip, and their "indicator" in messages. */
export const APPEAL_FOLDER = '申诉材料';

function nodeNames(ruleSets: readonly RuleSet[]): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (n: RuleNode) => {
    names.set(n.key, n.name);
    if (n.type === 'group') n.children.forEach(walk);
  };
  for (const rs of ruleSets) {
    walk(rs.root);
    for (const v of rs.vetoes ?? []) names.set(v.key, v.name);
  }
  return names;
}

/** Owners by id: each finding by its id, each entry (a veto) by the entry's id, each appeal by its id. */
export function attachmentOwners(parts: {
  ruleSets: readonly RuleSet[];
  units: readonly Unit[];
  entries: readonly ScoreEntry[];
  appeals?: readonly Pick<Appeal, 'id' | 'unitId' | 'filedAt'>[] | undefined;
}): Map<string, AttachmentOwner> {
  const names = nodeNames(parts.ruleSets);
  const units = new Map(parts.units.map((u) => [u.id, u.name]));
  const owners = new Map<string, AttachmentOwner>();
  for (const e of parts.entries) {
    const base = { unitId: e.unitId, unitName: units.get(e.unitId) ?? e.unitId, node: e.node, nodeName: names.get(e.node) ?? e.node };
    owners.set(e.id, base);
    e.findings?.forEach((f, i) => owners.set(f.id, { ...base, findingNumber: i + 1, reason: f.reason }));
  }
  for (const a of parts.appeals ?? []) {
    owners.set(a.id, { unitId: a.unitId, unitName: units.get(a.unitId) ?? a.unitId, node: 'appeal', nodeName: APPEAL_FOLDER, appealFiled: a.filedAt.slice(0, 10) });
  }
  return owners;
}

/** "单位 · 指标 · 问题 2“首页链接失效”" for messages. */
export function ownerText(o: AttachmentOwner | undefined, ownerId: string): string {
  if (!o) return `“${ownerId}”`;
  if (o.appealFiled !== undefined) return `${o.unitName} · ${o.appealFiled} 提出的申诉`;
  const finding = o.findingNumber !== undefined ? ` · 问题 ${o.findingNumber}“${o.reason ?? ''}”` : '';
  return `${o.unitName} · ${o.nodeName}${finding}`;
}

export const bundleOwners = (b: Bundle) => attachmentOwners(b);
