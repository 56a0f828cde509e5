import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addArea, isLoaded, loadLanguage, messages, translate, type MessageKey } from '../../src/i18n/messages';
import { helpZh } from '../../src/i18n/catalogue/help';
import { ruleEditorZh } from '../../src/i18n/catalogue/ruleEditor';

/** The areas a page adds when its chunk loads, and the folder of that page's files. */
const PAGE_AREAS: [Record<string, string>, string][] = [
  [ruleEditorZh, 'src/ui/rules/'],
  [helpZh, 'src/ui/help/'],
];

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(n) ? [p] : [];
  });

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// in this order: English is not loaded until the second block asks for it
describe('before English is loaded', () => {
  it('holds no page area until its page adds it', () => {
    for (const [area] of PAGE_AREAS) expect(Object.keys(area).filter((k) => k in messages['zh-CN'])).toEqual([]);
    expect(translate('zh-CN', 'rules.title' as MessageKey)).toBe('rules.title');
  });

  it('reads an English message as the Chinese one, never as its key', () => {
    expect(isLoaded('en')).toBe(false);
    expect(messages.en).toBeUndefined();
    expect(translate('en', 'nav.rankings')).toBe('排名');
  });
});

describe('message catalogue', () => {
  const keys = () => Object.keys(messages['zh-CN']) as MessageKey[];
  let en: Record<MessageKey, string>;
  beforeAll(async () => {
    for (const [area] of PAGE_AREAS) addArea(area);
    await loadLanguage('en');
    en = messages.en!;
  });

  it('loads English once asked, with exactly the Chinese keys', () => {
    expect(isLoaded('en')).toBe(true);
    expect(Object.keys(en).sort()).toEqual(keys().sort());
    expect(translate('en', 'nav.rankings')).toBe(en['nav.rankings']);
    expect(en['nav.rankings']).not.toBe(messages['zh-CN']['nav.rankings']);
  });

  it('has the same placeholders in English as in Chinese for every message', () => {
    const mismatched = keys().filter((k) => placeholders(messages['zh-CN'][k]).join() !== placeholders(en[k]).join());
    expect(mismatched).toEqual([]);
  });

  it('has no empty message in either language', () => {
    expect(keys().filter((k) => messages['zh-CN'][k].trim() === '' || en[k].trim() === '')).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'entry.unitTotal', { unit: '兰州市', total: '95.00', rank: 3 })).toBe('兰州市：总分 95.00，第 3 名');
    expect(translate('en', 'entry.unitTotal', { unit: 'Lanzhou', total: '95.00' })).toBe('Lanzhou: total 95.00, rank {rank}');
  });
});

describe("a page's own strings", () => {
  // a key of a page area used elsewhere would show as its key until that page had been opened
  it.each(PAGE_AREAS.map(([area, dir]) => [dir, area] as const))('are used only in %s', (dir, area) => {
    const prefix = Object.keys(area)[0]!.split('.')[0]!;
    const seconds = new Set(Object.keys(area).map((k) => k.split('.')[1]));
    const use = new RegExp(`['"\`]${prefix}\\.(\\w+)`, 'g');
    const outside = sourceFiles('src')
      .filter((f) => !f.startsWith(dir) && !f.startsWith('src/i18n/'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(use)].filter((m) => seconds.has(m[1]!)).map((m) => `${f}: ${m[0]}`));
    expect(Object.keys(area).every((k) => k.startsWith(`${prefix}.`))).toBe(true);
    expect(outside).toEqual([]);
  });
});
