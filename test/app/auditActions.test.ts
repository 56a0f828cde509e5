import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/app/audit';
import { loadLanguage, messages, type MessageKey } from '../../src/i18n/messages';

describe('audit actions', () => {
  it('offers every kind of audit row once in the log’s filter, the newer ones included', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect(AUDIT_ACTIONS).toEqual(
      expect.arrayContaining(['assessment.stage', 'appeal.decide', 'attachment.add', 'attachment.remove', 'assessment.pastYear', 'assessment.edit', 'assessment.delete']),
    );
    expect(AUDIT_ACTIONS.slice(0, 2)).toEqual(['entry.save', 'entry.delete']);
  });

  it('has a Chinese and an English label for every kind', async () => {
    await loadLanguage('en');
    const zh = messages['zh-CN'] as Record<string, string | undefined>;
    const en = messages.en as Record<string, string | undefined>;
    const missing = AUDIT_ACTIONS.filter((a) => !zh[`action.${a}` as MessageKey] || !en[`action.${a}` as MessageKey]);
    expect(missing).toEqual([]);
    // Chinese labels are Chinese, and no two kinds read the same in the filter
    for (const a of AUDIT_ACTIONS) expect(zh[`action.${a}`]).toMatch(/[\u4e00-\u9fff]/);
    expect(new Set(AUDIT_ACTIONS.map((a) => zh[`action.${a}`])).size).toBe(AUDIT_ACTIONS.length);
  });
});
