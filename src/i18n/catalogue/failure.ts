/** Strings for failures of storage, files and the program itself (keys prefixed "failure."); see messages.ts. */
export const failureZh = {
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
} as const;
