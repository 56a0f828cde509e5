/** The nesting limit of rule files and bundles (docs/rules.md), shared by the syntax locator and the depth walk. */
export const JSON_MAX_DEPTH = 64;

export const depthMessage = (limit: number = JSON_MAX_DEPTH) =>
  `嵌套超过 ${limit} 层：规则文件和数据包最多嵌套 ${limit} 层（对象或数组），请检查文件是否完整、是否由本系统导出`;
