import { describe, expect, it } from 'vitest';
import { isLoaded, translate } from '../../src/i18n/messages';
import { useUi, withStoredPreferences } from '../../src/ui/uiStore';

describe('stored preferences', () => {
  const current = useUi.getState();

  it('takes a stored language', () => {
    expect(withStoredPreferences({ lang: 'en' }, current).lang).toBe('en');
  });

  it.each([[{ lang: 'fr' }], [{ lang: 42 }], ['en'], [null], [undefined]])('keeps the defaults for %j', (stored) => {
    expect(withStoredPreferences(stored, current)).toBe(current);
  });
});

describe('choosing a language', () => {
  it('switches to English once its table is loaded, so no page shows half of each', async () => {
    expect(isLoaded('en')).toBe(false);
    useUi.getState().setLang('en');
    // still Chinese while the English chunk loads
    expect(useUi.getState().lang).toBe('zh-CN');
    await expect.poll(() => useUi.getState().lang).toBe('en');
    expect(translate('en', 'nav.rankings')).toBe('Rankings');
    useUi.getState().setLang('zh-CN');
    await expect.poll(() => useUi.getState().lang).toBe('zh-CN');
  });
});
