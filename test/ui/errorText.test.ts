import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguage } from '../../src/i18n/messages';
import { AppError } from '../../src/app/appError';
import { LockedError } from '../../src/store/errors';
import { makeI18n } from '../../src/ui/useT';
import { errorText } from '../../src/ui/errorText';

// English is a chunk of its own, loaded when chosen
beforeAll(() => loadLanguage('en'));

describe('errorText', () => {
  const zh = makeI18n('zh-CN').t;
  const en = makeI18n('en').t;

  it('words a command’s refusal in the chosen language', () => {
    const e = new AppError('entry.lock.busy', { attempts: 3 });
    expect(errorText(e, zh)).toContain('已重试 3 次');
    expect(errorText(e, en)).toContain('tried 3 times');
  });

  it('shows a refusal of the store in its own words', () => {
    expect(errorText(new LockedError('2024年度考核'), zh)).toContain('“2024年度考核”已锁定');
  });

  it('never shows a library’s message, only the kind of failure', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(errorText(e, zh)).toBe('程序内部错误（TypeError），没有保存任何改变。请刷新页面后重试；如仍出现，请导出评分文件交维护人员。');
    expect(errorText(e, en)).not.toContain('Cannot read');
  });
});
