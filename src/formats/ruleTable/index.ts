/** 考核细则 tables in and out: the workbook offices fill, the Word annex, and the import with located problems. */
export { ruleTableXlsx } from './writeXlsx';
export { ruleTableDocx } from './writeDocx';
export { importRuleTable, tableToRuleSet, problemText, type TableImport, type TableImportOptions } from './importTable';
export { semanticsOutsideTable, DEFAULTS_USED } from './carried';
export type { TableProblem } from './layout';
export { parseMethod } from './phrase';
