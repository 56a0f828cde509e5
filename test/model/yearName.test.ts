import { describe, expect, it } from 'vitest';
import { nameForYear, nameYearMismatch, yearsInName } from '../../src/model/yearName';

describe('yearsInName', () => {
  it('reads years in Arabic and Chinese numerals, in order', () => {
    expect(yearsInName('2025年度政务公开考核')).toEqual([2025]);
    expect(yearsInName('二〇二四年政务公开工作考核')).toEqual([2024]);
    expect(yearsInName('2023—2024年度')).toEqual([2023, 2024]);
  });

  it('does not read longer digit runs or numbers outside 2000–2100 as years', () => {
    expect(yearsInName('文号20251号')).toEqual([]);
    expect(yearsInName('1999年')).toEqual([]);
    expect(yearsInName('政务公开考核')).toEqual([]);
  });
});

describe('nameYearMismatch', () => {
  it('flags a name that speaks of another year than the year field', () => {
    expect(nameYearMismatch('2025年度政务公开考核', 2024)).toBe(2025);
    expect(nameYearMismatch('二〇二五年度考核', 2026)).toBe(2025);
  });

  it('says nothing when the name agrees or names no year', () => {
    expect(nameYearMismatch('2025年度政务公开考核', 2025)).toBeNull();
    expect(nameYearMismatch('政务公开考核', 2025)).toBeNull();
    expect(nameYearMismatch('2024—2025年度', 2025)).toBeNull();
  });
});

describe('nameForYear', () => {
  it('replaces the year in the name, or puts the year in front', () => {
    expect(nameForYear('2025年度政务公开考核', 2025, 2026)).toBe('2026年度政务公开考核');
    expect(nameForYear('政务公开考核', 2025, 2026)).toBe('2026年度政务公开考核');
  });
});
