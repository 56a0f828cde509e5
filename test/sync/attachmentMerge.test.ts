/**
 * A removal is taken only from the file's owner (or a coordinator): one that names an assessor other
 * than the one whose finding or veto entry holds the file here, or names an assessor for an appeal's
 * file, is refused and shown, and a removal taken before the owner was known no longer keeps the file out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attachment, AttachmentRemoval } from '../../src/model/attachment';
import { planAttachmentMerge, type OwnerAssessor } from '../../src/sync/attachmentMerge';

const HASH = `sha256:${'a'.repeat(64)}`;
const shot: Attachment = { id: 'att-1', ownerId: 'f-as1', hash: HASH, name: '首页.png', type: 'image/png', size: 80 };
const appealFile: Attachment = { id: 'att-2', ownerId: 'appeal-1', hash: HASH, name: '申诉.pdf', type: 'application/pdf', size: 80 };
const removalOf = (a: Attachment, assessorId?: string): AttachmentRemoval => ({
  id: a.id,
  ownerId: a.ownerId,
  unitId: 'u1',
  ...(assessorId !== undefined && { assessorId }),
  hash: a.hash,
  name: a.name,
  removedAt: '2024-11-02T08:00:00.000Z',
  removedBy: '李四',
});
/** f-as1 is a finding on as1's entry, appeal-1 an appeal; nothing else is known here. */
const holders: OwnerAssessor = (ownerId) => ({ 'f-as1': 'as1', 'appeal-1': null })[ownerId];

describe('a removal checked against who holds the file here', () => {
  it("is applied when it names the assessor whose finding holds the file, or names none (the coordinator's)", () => {
    for (const assessorId of ['as1', undefined]) {
      const plan = planAttachmentMerge({ attachments: [shot], removals: [] }, { removals: [removalOf(shot, assessorId)] }, holders);
      expect(plan.remove.map((r) => r.local.id)).toEqual(['att-1']);
      expect(plan.removalsToStore).toEqual([removalOf(shot, assessorId)]);
      expect(plan.conflicts).toEqual([]);
    }
  });

  it('is refused, shown and not kept when it names another assessor for the file', () => {
    const forged = removalOf(shot, 'as2');
    const plan = planAttachmentMerge({ attachments: [shot], removals: [] }, { removals: [forged] }, holders);
    expect(plan.remove).toEqual([]);
    expect(plan.removalsToStore).toEqual([]);
    expect(plan.conflicts).toEqual([{ removal: forged, attachment: shot, reason: 'owner', holder: 'as1' }]);
  });

  it("is refused when it names an assessor for an appeal's file", () => {
    const plan = planAttachmentMerge({ attachments: [appealFile], removals: [] }, { removals: [removalOf(appealFile, 'as2')] }, holders);
    expect(plan.remove).toEqual([]);
    expect(plan.conflicts).toMatchObject([{ reason: 'owner', holder: null }]);
  });

  it('does not keep out a file arriving in the same merge, and a forged removal with a made-up owner is refused too', () => {
    // the file is not here yet: it arrives with its entry
    const forged = removalOf(shot, 'as2');
    const plan = planAttachmentMerge({ attachments: [], removals: [] }, { attachments: [shot], removals: [forged] }, holders);
    expect(plan.add).toEqual([shot]);
    expect(plan.removalsToStore).toEqual([]);
    expect(plan.conflicts).toMatchObject([{ reason: 'owner', holder: 'as1' }]);
    // naming as2's own finding as the owner of as1's file: not this file's removal
    const madeUp = { ...forged, ownerId: 'f-as2' };
    const again = planAttachmentMerge({ attachments: [], removals: [] }, { attachments: [shot], removals: [madeUp] }, (o) => (o === 'f-as2' ? 'as2' : holders(o)));
    expect(again.add).toEqual([shot]);
    expect(again.conflicts).toMatchObject([{ reason: 'other' }]);
  });

  it('lets a file in that a removal taken earlier (before its owner was known here) would keep out, and shows it', () => {
    const forged = removalOf(shot, 'as2');
    // first merge: neither the file nor its entry is known here: the removal is kept
    const first = planAttachmentMerge({ attachments: [], removals: [] }, { removals: [forged] }, () => undefined);
    expect(first.removalsToStore).toEqual([forged]);
    // the entry and its file arrive: as1 holds it, the kept removal is as2's
    const later = planAttachmentMerge({ attachments: [], removals: [forged] }, { attachments: [shot] }, holders);
    expect(later.add).toEqual([shot]);
    expect(later.conflicts).toEqual([{ removal: forged, attachment: shot, reason: 'owner', holder: 'as1' }]);
    // the owner's own removal still keeps an older copy of the file out
    const own = planAttachmentMerge({ attachments: [], removals: [removalOf(shot, 'as1')] }, { attachments: [shot] }, holders);
    expect([own.add, own.conflicts]).toEqual([[], []]);
  });

  it('is applied exactly when it names no assessor, the holder, or an owner not known here (fast-check)', () => {
    const who = fc.constantFrom('as1', 'as2', 'as3');
    fc.assert(
      fc.property(fc.option(who, { nil: undefined }), fc.oneof(who, fc.constant(null), fc.constant(undefined)), fc.boolean(), (assessorId, holder, fileHere) => {
        const r = removalOf(shot, assessorId);
        const plan = planAttachmentMerge({ attachments: fileHere ? [shot] : [], removals: [] }, { removals: [r] }, () => holder);
        const taken = assessorId === undefined || holder === undefined || holder === assessorId;
        expect(plan.removalsToStore).toEqual(taken ? [r] : []);
        expect(plan.remove).toHaveLength(taken && fileHere ? 1 : 0);
        expect(plan.conflicts).toHaveLength(taken ? 0 : 1);
      }),
    );
  });
});
