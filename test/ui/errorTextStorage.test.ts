import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguage } from '../../src/i18n/messages';
import { NewerDatabaseError } from '../../src/store/errors';
import { makeI18n } from '../../src/ui/useT';
import { exact } from '../../src/engine';
import { isQuotaError } from '../../src/app/appError';
import { errorText as failureText } from '../../src/ui/errorText';

const { ArithmeticOverflowError } = exact;

// English is a chunk of its own, loaded when chosen
beforeAll(() => loadLanguage('en'));
const zh = makeI18n('zh-CN').t;
const en = makeI18n('en').t;

/** Dexie's wrapping of a transaction the browser aborted for quota. */
function abortedForQuota(): Error {
  const e = new Error('The transaction was aborted, so the request cannot be fulfilled.') as Error & { inner?: unknown };
  e.name = 'AbortError';
  e.inner = new DOMException('Quota exceeded', 'QuotaExceededError');
  return e;
}

describe('errorText for storage, quota and internal failures: errors in the user’s words, never a library’s sentence', () => {
  it('says in Chinese that storage is full, for the error as the browser and as Dexie give it', () => {
    expect(isQuotaError(abortedForQuota())).toBe(true);
    const text = failureText(abortedForQuota(), zh);
    expect(text).toContain('存储空间不足');
    expect(text).toContain('重试');
    expect(text).not.toContain('aborted');
    expect(failureText(new DOMException('x', 'QuotaExceededError'), zh, 'import')).toContain('未导入');
  });

  it('finds the quota error inside a failed bulk write', () => {
    const bulk = Object.assign(new Error('1 of 1 operations failed'), { name: 'BulkError', failures: [new DOMException('x', 'QuotaExceededError')] });
    expect(failureText(bulk, zh)).toContain('存储空间不足');
  });

  it('names other storage failures by kind, without their English message', () => {
    const e = new Error('The transaction was aborted, so the request cannot be fulfilled.');
    e.name = 'AbortError';
    expect(failureText(e, zh)).toBe('本机数据库未能完成读写（AbortError），数据没有改变。可能是磁盘已满或浏览器存储出错，请稍后重试。');
    expect(failureText(e, zh, 'read')).toContain('数据没有丢失');
  });

  it('words overflow, a newer database and unknown errors through the catalogue, in both languages', () => {
    expect(failureText(new ArithmeticOverflowError('mul'), zh)).toContain('精确计算');
    expect(failureText(new NewerDatabaseError(5, 4), zh)).toContain('更新版本');
    expect(failureText(new NewerDatabaseError(5, 4), en)).toContain('newer version');
    const odd = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(failureText(odd, zh)).toBe('程序内部错误（TypeError），没有保存任何改变。请刷新页面后重试；如仍出现，请导出评分文件交维护人员。');
  });
});
