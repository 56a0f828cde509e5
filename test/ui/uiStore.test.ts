import { describe, expect, it } from 'vitest';
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
