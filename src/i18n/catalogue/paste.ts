/**
 * Strings of entering by number and pasting blocks (keys prefixed "paste."): scores recorded as a
 * finding whose reason is still to be written, checklists given as points, ratios given as fractions,
 * a pasted block with some bad cells, and the template import's changes. See messages.ts.
 */
export const pasteZh = {
  'paste.pendingReason': '理由待补充',
  'paste.pendingSaved': '已按差额记一条扣分（理由待补充）。在该格按 Enter 补写理由；写明理由前本单位为“未完成”。',
  'paste.aboveRecorded': '已写明理由的问题合计得 {score} 分，不能填更高的分数；如需改分，请在该格按 Enter 删除问题',
  'paste.aboveRecordedPenalty': '已写明理由的问题合计扣 {points} 分，不能填更少；如需改分，请在该格按 Enter 删除问题',

  'paste.checklistUnreachable': '{points} 分无法由本项 {n} 个检查项凑成（满分 {total} 分）；可填得分，或依次填写每项 1（是）/0（否）',
  'paste.checklistChoose': '得 {points} 分，但不知道是哪几项：请在该格按空格选择',
  'paste.checklistHint': '输入了 {points} 分：请选择哪几项得分（按 1/0 或点“是/否”）',
  'paste.checklistMatches': '合计 {points} 分的组合：',
  'paste.checklistMatchesNone': '请逐项选择，合计应为 {points} 分。',
  'paste.checklistSum': '已选 {sum} 分',

  'paste.ratioTitle': '{unit} / {leaf}',
  'paste.ratioQuestion': '填写的是 {typed}，是指 {percent}% 吗？',
  'paste.ratioWhy': '本格填写百分数（{measure}）。从设为“百分比”格式的 Excel 表格复制时，90% 会变成 0.9。',
  'paste.ratioAsPercent': '按 {percent}% 记',
  'paste.ratioAsTyped': '按 {typed}% 记',

  'paste.reviewTitle': '粘贴：{ok} 格可以写入，{bad} 格有问题',
  'paste.reviewNone': '粘贴：没有可以写入的格',
  'paste.reviewIntro': '有效的格可以先写入（作为一次修改，按 Ctrl+Z 可整体撤销）；有问题的格不写入，改好后可再粘贴。',
  'paste.badTitle': '以下 {n} 格不写入：',
  'paste.badCell': '第 {row} 行第 {col} 列（{unit} / {column}）：{message}',
  'paste.badMore': '……另有 {n} 格',
  'paste.ratioGroup': '{n} 个比率格的值在 0 到 1 之间（{cells}）：',
  'paste.ratioGroupPercent': '按百分数记（0.9 记为 90%）',
  'paste.ratioGroupTyped': '按原值记（0.9 记为 0.9%）',
  'paste.apply': '写入 {n} 个有效格',
  'paste.cancel': '全部不写入',
  'paste.applied': '已写入 {n} 格，作为一次修改保存（Ctrl+Z 整体撤销）；{bad} 格未写入。',
  'paste.cancelled': '粘贴已取消，未作任何修改。',

  'paste.filterPending': '待补充理由',
  'paste.filterPendingTitle': '只显示有扣分理由待补充的单位',

  'paste.unitTitle': '理由待补充的扣分（{n} 条）',
  'paste.unitHint': '这些扣分是直接填写分数记下的。写明理由前本单位为“未完成”，通报不能定稿，问题清单中显示为“理由待补充”。',
  'paste.unitItem': '{leaf}：扣 {points} 分',
  'paste.unitBy': '（{assessor}）',
  'paste.unitGo': '去填写',

  'paste.writeReason': '补写理由',
  'paste.reasonPlaceholder': '写明扣分理由，如：未公开 2023 年部门决算',
  'paste.reasonSave': '保存理由',
  'paste.reasonEmpty': '请填写理由。',

  'paste.missingPending': '{name}（理由待补充）',

  'paste.templateDeduction': '扣分 {before} → {after}',
  'paste.templateCheckpoint': '检查点：{name}',
} as const;
