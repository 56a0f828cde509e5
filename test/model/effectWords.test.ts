import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/messages';
import { effectWords } from '../../src/model/effectWords';
import type { Effect } from '../../src/model/ruleSet';

const names = { tier: (key: string) => (key === 'excellent' ? '优秀' : key), node: (key: string) => (key === 'website' ? '政府网站监管' : key) };

describe('effectWords', () => {
  it.each<[Effect, Record<string, string | number>]>([
    [{ type: 'fail' }, {}],
    [{ type: 'failScored' }, {}],
    [{ type: 'setScore', score: 59 }, { score: 59 }],
    [{ type: 'capScore', score: 59 }, { score: 59 }],
    [{ type: 'barTier', tier: 'excellent' }, { tier: '优秀' }],
    [{ type: 'zeroNode', node: 'website' }, { node: '政府网站监管' }],
  ])('words %j as the pages do in Chinese', (effect, params) => {
    expect(effectWords(effect, names)).toBe(translate('zh-CN', `effect.${effect.type}` as MessageKey, params));
  });
});
