import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../src/ui/useT';
import type { Unit } from '../../src/engine';
import { parsePastedUnits } from '../../src/ui/setup/pasteUnits';

const groups = [
  { key: 'city', name: '市（州）政府' },
  { key: 'department', name: '省政府部门' },
];
const existing: Unit[] = [{ id: 'city-lanzhou', name: '兰州市', group: 'city', objects: [] }];
const { t } = makeI18n('zh-CN');

function ids() {
  let n = 0;
  return () => `u-${++n}`;
}

describe('parsePastedUnits', () => {
  it('reads name and group (by name or key) per line, with an optional short name', () => {
    const r = parsePastedUnits('天水市\t市（州）政府\n省水利厅\tdepartment\t水利厅\r\n\n', groups, existing, ids(), t);
    expect(r).toEqual({
      ok: true,
      units: [
        { id: 'u-1', name: '天水市', group: 'city', objects: [] },
        { id: 'u-2', name: '省水利厅', group: 'department', objects: [], shortName: '水利厅' },
      ],
    });
  });

  it('names the line and column of every problem and adds nothing', () => {
    const text = ['天水市\t市政府', '\t省政府部门', '兰州市\tcity', '省审计厅', '省审计厅\tdepartment', '省审计厅\tdepartment'].join('\n');
    const r = parsePastedUnits(text, groups, existing, ids(), t);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['第1行第2列', '第2行第1列', '第3行第1列', '第4行第2列', '第6行第1列']);
    expect(r.errors[0]!.message).toBe('第2列分组“市政府”不在本考核中，应为 “市（州）政府”（city）、“省政府部门”（department） 之一');
    expect(r.errors[2]!.message).toBe('单位“兰州市”在本组已存在');
    expect(r.errors[4]!.message).toBe('单位“省审计厅”与第5行重复');
  });

  it('refuses a paste with nothing in it', () => {
    expect(parsePastedUnits('\n \n', groups, existing, ids(), t)).toEqual({ ok: false, errors: [{ path: '—', message: '没有可添加的内容。' }] });
  });
});
