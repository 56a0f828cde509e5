import { describe, expect, it } from 'vitest';
import { initialsText, matchesName } from '../../src/ui/grid/pinyin';

describe('pinyin initials', () => {
  it('reads the initials of city and department names from the zh collation', () => {
    expect(initialsText('兰州市')).toBe('lzs');
    expect(initialsText('嘉峪关市')).toBe('jygs');
    expect(initialsText('陇南市')).toBe('lns');
    expect(initialsText('临夏回族自治州')).toBe('lxhzzzz');
    expect(initialsText('省卫生健康委员会')).toBe('swsjkwyh');
    expect(initialsText('省发展和改革委员会')).toBe('sfzhggwyh');
  });

  it('covers each initial block, from 阿 to 做', () => {
    expect(initialsText('阿八擦大鹅发嘎哈机卡拉妈拿哦怕七然三他挖西压杂')).toBe('abcdefghjklmnopqrstwxyz');
    expect(initialsText('做')).toBe('z');
  });

  it('keeps letters and digits as they are, lowercased', () => {
    expect(initialsText('G20办')).toBe('g20b');
  });
});

describe('unit search', () => {
  it('finds 兰州市 by "lz", by its initials in capitals, and by part of its name', () => {
    expect(matchesName('兰州市', 'lz')).toBe(true);
    expect(matchesName('兰州市', 'LZS')).toBe(true);
    expect(matchesName('兰州市', '州')).toBe(true);
    expect(matchesName('兰州市', ' l z ')).toBe(true);
  });

  it('matches a run of initials anywhere in the name', () => {
    expect(matchesName('省卫生健康委员会', 'wsjk')).toBe(true);
    expect(matchesName('省卫生健康委员会', 'jkw')).toBe(true);
    expect(matchesName('省卫生健康委员会', 'wj')).toBe(false);
  });

  it('knows both readings of polyphonic place-name characters', () => {
    expect(matchesName('重庆市', 'cq')).toBe(true);
    expect(matchesName('长沙市', 'cs')).toBe(true);
    expect(matchesName('厦门市', 'xm')).toBe(true);
    expect(matchesName('六安市', 'la')).toBe(true);
  });

  it('does not match other units', () => {
    expect(matchesName('嘉峪关市', 'lz')).toBe(false);
    expect(matchesName('兰州市', 'zl')).toBe(false);
    expect(matchesName('兰州市', '兰州市区')).toBe(false);
  });

  it('matches everything for an empty query', () => {
    expect(matchesName('兰州市', '  ')).toBe(true);
  });
});
