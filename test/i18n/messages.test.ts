import { beforeAll, describe, expect, it } from 'vitest';
import { isLoaded, loadLanguage, messages, translate, type MessageKey } from '../../src/i18n/messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// in this order: English is not loaded until the second block asks for it
describe('before English is loaded', () => {
  it('reads an English message as the Chinese one, never as its key', () => {
    expect(isLoaded('en')).toBe(false);
    expect(messages.en).toBeUndefined();
    expect(translate('en', 'nav.rankings')).toBe('排名');
  });
});

describe('message catalogue', () => {
  const keys = Object.keys(messages['zh-CN']) as MessageKey[];
  let en: Record<MessageKey, string>;
  beforeAll(async () => {
    await loadLanguage('en');
    en = messages.en!;
  });

  it('loads English once asked, with exactly the Chinese keys', () => {
    expect(isLoaded('en')).toBe(true);
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    expect(translate('en', 'nav.rankings')).toBe(en['nav.rankings']);
    expect(en['nav.rankings']).not.toBe(messages['zh-CN']['nav.rankings']);
  });

  it('has the same placeholders in English as in Chinese for every message', () => {
    const mismatched = keys.filter((k) => placeholders(messages['zh-CN'][k]).join() !== placeholders(en[k]).join());
    expect(mismatched).toEqual([]);
  });

  it('has no empty message in either language', () => {
    expect(keys.filter((k) => messages['zh-CN'][k].trim() === '' || en[k].trim() === '')).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'entry.unitTotal', { unit: '兰州市', total: '95.00', rank: 3 })).toBe('兰州市：总分 95.00，第 3 名');
    expect(translate('en', 'entry.unitTotal', { unit: 'Lanzhou', total: '95.00' })).toBe('Lanzhou: total 95.00, rank {rank}');
  });
});
