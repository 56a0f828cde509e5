import { describe, expect, it } from 'vitest';
import { messages, translate, type MessageKey } from '../../src/i18n/messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  const keys = Object.keys(messages['zh-CN']) as MessageKey[];

  it('has the same placeholders in English as in Chinese for every message', () => {
    const mismatched = keys.filter((k) => placeholders(messages['zh-CN'][k]).join() !== placeholders(messages.en[k]).join());
    expect(mismatched).toEqual([]);
  });

  it('has no empty message in either language', () => {
    expect(keys.filter((k) => messages['zh-CN'][k].trim() === '' || messages.en[k].trim() === '')).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'entry.unitTotal', { unit: '兰州市', total: '95.00', rank: 3 })).toBe('兰州市：总分 95.00，第 3 名');
    expect(translate('en', 'entry.unitTotal', { unit: 'Lanzhou', total: '95.00' })).toBe('Lanzhou: total 95.00, rank {rank}');
  });
});
