/** The audit log's words for a unit's self-assessment: a returned version by its size, a chosen version of a conflict. */
import { describe, expect, it } from 'vitest';
import { auditChange } from '../../src/ui/exchange/auditText';
import { makeI18n } from '../../src/ui/useT';
import type { AuditRow } from '../../src/app/audit';

const t = makeI18n('zh-CN').t;
const row = (action: AuditRow['action'], before: unknown, after: unknown): AuditRow => ({ assessmentId: 'a', at: '2026-12-01T08:00:00.000Z', who: 'office', action, unitId: 'u1', before, after });

describe('audit text of self-assessments', () => {
  it('tells a returned self-assessment by its items and files, and where it came from', () => {
    expect(auditChange(row('selfAssessment.import', { items: 2, exportedAt: '2026-11-30' }, { file: '服务器同步', items: 3, attachments: 1, filesAdded: 1 }), t)).toEqual({ before: '自评 2 项，材料 0 个', after: '自评 3 项，材料 1 个（服务器同步）' });
    expect(auditChange(row('selfAssessment.save', null, { node: 'basic', score: 9, explanation: '栏目齐全' }), t)).toEqual({ before: null, after: '9分 · 栏目齐全' });
    expect(auditChange(row('selfAssessment.save', { items: 1, files: 0 }, { items: 1, files: 2, filesAdded: 2, from: '服务器同步' }), t).after).toBe('自评 1 项，材料 2 个（服务器同步）');
  });

  it("tells a self-assessment conflict's versions and the one chosen", () => {
    const versions = { selfVersions: [{ updatedAt: '2026-11-01T08:00:00.000Z', updatedBy: 'jia', items: 1 }, { updatedAt: '2026-11-01T09:00:00.000Z', updatedBy: 'jia', items: 2 }] };
    const chosen = { selfChosen: { updatedAt: '2026-11-01T08:00:00.000Z', updatedBy: 'jia', items: 1 } };
    expect(auditChange(row('conflict.resolve', versions, chosen), t)).toEqual({ before: '自评 2 个版本', after: '选定 jia 于 2026-11-01 08:00 填报的版本（1 项）' });
  });
});
