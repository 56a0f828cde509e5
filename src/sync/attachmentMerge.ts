/**
 * Merging attachments and their removals. Attachment ids are never reused and an attachment never
 * changes, so the add and the removal of one id are ordered: the removal is always the newer, and wins
 * on either side (a removed attachment is not brought back by an older bundle). A removal that names
 * an attachment here with other bytes or another owner is not applied but reported.
 *
 * Nor is a removal that names an assessor (`assessorId`) other than the one whose finding or veto entry
 * holds the file here, or that names an assessor for an appeal's file. The server lets an assessor write
 * only removals naming themselves, but it sees the removal alone: an assessor could name themselves for
 * another assessor's file, and only a copy that holds the entry can tell. Such a removal is not applied
 * or kept; one taken earlier, before the entry was known here, no longer keeps its attachment from
 * arriving. A removal naming no assessor is the
 * coordinator's (the server refuses it from an assessor) or from a bundle made before removals named
 * one: it is taken, as the coordinator may remove any file. `removedBy` is the name typed at the
 * keyboard, not a login, so it proves nothing and is not checked.
 */
import type { Attachment, AttachmentRemoval } from '../model/attachment';

/**
 * The assessor whose finding or veto entry holds an owner id here: an assessor id, null for an owner
 * that is no assessor's (an appeal), undefined when the owner is not known here.
 */
export type OwnerAssessor = (ownerId: string) => string | null | undefined;

/** A removal not applied, and why. */
export interface RefusedRemoval {
  removal: AttachmentRemoval;
  /** the attachment here, or arriving, with the removal's id */
  attachment?: Attachment;
  /** 'other': that attachment has other bytes or another owner; 'owner': the removal names the wrong assessor */
  reason: 'other' | 'owner';
  /** with 'owner': the assessor who holds the file here (null: an appeal's file) */
  holder?: string | null;
}

export interface AttachmentMergePlan {
  /** incoming attachments new here */
  add: Attachment[];
  /** attachments here that were removed on the other machine */
  remove: { local: Attachment; removal: AttachmentRemoval }[];
  /** removals to remember (applied or not yet met), so that they travel on */
  removalsToStore: AttachmentRemoval[];
  /** removals not applied: the attachment here is not the one removed, or the removal names the wrong owner */
  conflicts: RefusedRemoval[];
}

/** Why the removal may not remove `target` (the attachment here or arriving; absent: none known), or null. */
function refusal(r: AttachmentRemoval, target: Attachment | undefined, ownerAssessor: OwnerAssessor): Omit<RefusedRemoval, 'removal'> | null {
  if (target && (target.hash !== r.hash || target.ownerId !== r.ownerId)) return { attachment: target, reason: 'other' };
  if (r.assessorId === undefined) return null;
  const holder = ownerAssessor(target?.ownerId ?? r.ownerId);
  if (holder === undefined || holder === r.assessorId) return null;
  return { ...(target && { attachment: target }), reason: 'owner', holder };
}

export function planAttachmentMerge(
  local: { attachments: readonly Attachment[]; removals: readonly AttachmentRemoval[] },
  incoming: { attachments?: readonly Attachment[] | undefined; removals?: readonly AttachmentRemoval[] | undefined },
  ownerAssessor: OwnerAssessor = () => undefined,
): AttachmentMergePlan {
  const plan: AttachmentMergePlan = { add: [], remove: [], removalsToStore: [], conflicts: [] };
  const here = new Map(local.attachments.map((a) => [a.id, a]));
  const arriving = new Map((incoming.attachments ?? []).map((a) => [a.id, a]));
  const stored = new Map(local.removals.map((r) => [r.id, r]));
  const gone = new Set(stored.keys());
  const removedThere = new Set<string>();
  for (const r of incoming.removals ?? []) {
    if (gone.has(r.id)) continue;
    const mine = here.get(r.id);
    const refused = refusal(r, mine ?? arriving.get(r.id), ownerAssessor);
    if (refused) {
      plan.conflicts.push({ removal: r, ...refused });
      continue;
    }
    removedThere.add(r.id);
    gone.add(r.id);
    if (mine) plan.remove.push({ local: mine, removal: r });
    plan.removalsToStore.push(r);
  }
  for (const a of incoming.attachments ?? []) {
    if (here.has(a.id) || removedThere.has(a.id)) continue;
    const before = stored.get(a.id);
    if (before) {
      // removed here before: it stays out, unless that removal was not this attachment's (taken before its
      // entry was known here, it is shown now and the attachment comes)
      const refused = refusal(before, a, ownerAssessor);
      if (!refused) continue;
      plan.conflicts.push({ removal: before, ...refused });
    }
    here.set(a.id, a);
    plan.add.push(a);
  }
  return plan;
}
