/** Strings for failures of storage, files and the program itself (keys prefixed "failure."); see messages.ts. */
import { defineCatalogue } from './define';

export const failureCatalogue = defineCatalogue(
  {
    'failure.quota': '本机存储空间不足，未能保存。请清理磁盘或浏览器中其他网站的数据后点“重试”；已输入的内容仍保留在页面上。',
    'failure.quotaImport': '本机存储空间不足，文件未导入，本机数据没有任何改变。请清理磁盘空间后重试。',
    'failure.storage': '本机数据库未能完成读写（{name}），数据没有改变。可能是磁盘已满或浏览器存储出错，请稍后重试。',
    'failure.read': '暂时无法读取本机数据（{name}）。数据没有丢失；请稍后点“重试”，或关闭其他标签页后重新打开本页。',
    'failure.readRetry': '重试',
    'failure.tooLarge': '数据超出了程序能处理的范围（{name}）。请检查文件是否由本系统导出、是否完整。',
    'failure.overflow': '计分时数值超出精确计算的范围：请检查过大的处数或数值（实际考核中不会达到数十亿）。',
    'failure.internal': '程序内部错误（{name}），没有保存任何改变。请刷新页面后重试；如仍出现，请导出评分文件交维护人员。',
    'failure.newerDatabase':
      '本机数据由更新版本的本系统（数据库版本 {found}）保存，而本页面只能打开版本 {supported} 及以前的数据。为免损坏数据，本页面没有作任何改动。请使用更新版本的本系统打开，或在新版本中导出评分文件后再导入。',
    'failure.unsaved': '未保存',
    'failure.cellKept': '未能保存，输入的值仍留在格中，标为“未保存”：{message}',
    'failure.retry': '重试',
    'failure.changedElsewhere': '此格在您编辑期间已被改为“{value}”（{who}，{at}）。要用您输入的“{mine}”覆盖吗？',
    'failure.overwrite': '覆盖',
    'failure.keepTheirs': '保留对方的值',
    'failure.emptyValue': '（空）',
  },
  {
    'failure.quota': 'Not saved: this computer is out of storage space. Free disk space or other sites’ data, then click “Retry”; what you typed is kept on the page.',
    'failure.quotaImport': 'Out of storage space: the file was not imported and nothing on this computer changed. Free disk space and try again.',
    'failure.storage': 'The local database could not complete the operation ({name}); nothing changed. The disk may be full or browser storage may have failed; please try again.',
    'failure.read': 'The local data cannot be read right now ({name}). Nothing is lost; click “Retry” later, or close other tabs and reopen this page.',
    'failure.readRetry': 'Retry',
    'failure.tooLarge': 'The data is beyond what the program can handle ({name}). Check that the file was exported by this system and is complete.',
    'failure.overflow': 'A score went beyond exact arithmetic: check for counts or values that are far too large.',
    'failure.internal': 'Internal error ({name}); nothing was saved. Reload the page and try again; if it persists, export the scores and send them to the maintainers.',
    'failure.newerDatabase':
      'The data on this computer was saved by a newer version of this system (database version {found}); this page can open version {supported} and older. Nothing was changed. Use the newer version, or export the scores from it and import them here.',
    'failure.unsaved': 'Not saved',
    'failure.cellKept': 'Not saved; what you typed stays in the cell, marked “not saved”: {message}',
    'failure.retry': 'Retry',
    'failure.changedElsewhere': 'While you were editing, this cell was changed to “{value}” ({who}, {at}). Overwrite it with your “{mine}”?',
    'failure.overwrite': 'Overwrite',
    'failure.keepTheirs': 'Keep their value',
    'failure.emptyValue': '(empty)',
  },
);
