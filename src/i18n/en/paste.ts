/** The English of catalogue/paste.ts, loaded only when English is chosen (see ../english.ts). */
import type { pasteZh } from '../catalogue/paste';

export const pasteEn: Record<keyof typeof pasteZh, string> = {
  'paste.pendingReason': 'reason to be supplied',
  'paste.pendingSaved': 'Recorded the difference as one deduction whose reason is to be supplied. Press Enter on the cell to write it; until then the unit is unfinished.',
  'paste.aboveRecorded': 'The findings with reasons already give {score}; a higher score is not possible. To change it, press Enter on the cell and delete findings',
  'paste.aboveRecordedPenalty': 'The findings with reasons already take off {points}; fewer is not possible. To change it, press Enter on the cell and delete findings',

  'paste.checklistUnreachable': 'No combination of this item\'s {n} checks gives {points} (full {total}); type the points or 1 (yes)/0 (no) for each check',
  'paste.checklistChoose': '{points} points, but which checks passed is not known: press Space on the cell to choose',
  'paste.checklistHint': 'You typed {points} points: choose which checks passed (1/0 or Yes/No)',
  'paste.checklistMatches': 'Combinations worth {points}:',
  'paste.checklistMatchesNone': 'Choose each check; they should add up to {points}.',
  'paste.checklistSum': '{sum} chosen',

  'paste.ratioTitle': '{unit} / {leaf}',
  'paste.ratioQuestion': 'You entered {typed}. Did you mean {percent}%?',
  'paste.ratioWhy': 'This cell takes a percentage ({measure}). Copied from an Excel sheet formatted as percent, 90% becomes 0.9.',
  'paste.ratioAsPercent': 'Record {percent}%',
  'paste.ratioAsTyped': 'Record {typed}%',

  'paste.reviewTitle': 'Paste: {ok} cells can be written, {bad} have problems',
  'paste.reviewNone': 'Paste: no cell can be written',
  'paste.reviewIntro': 'The valid cells can be written now (one change, Ctrl+Z undoes it as a whole); the cells with problems are left out and can be pasted again once corrected.',
  'paste.badTitle': 'These {n} cells are not written:',
  'paste.badCell': 'Row {row}, column {col} ({unit} / {column}): {message}',
  'paste.badMore': '… and {n} more',
  'paste.ratioGroup': '{n} ratio cells hold a value between 0 and 1 ({cells}):',
  'paste.ratioGroupPercent': 'As percentages (0.9 becomes 90%)',
  'paste.ratioGroupTyped': 'As typed (0.9 stays 0.9%)',
  'paste.apply': 'Write {n} valid cells',
  'paste.cancel': 'Write nothing',
  'paste.applied': 'Wrote {n} cells as one change (Ctrl+Z undoes it as a whole); {bad} cells were left out.',
  'paste.cancelled': 'Paste cancelled; nothing was changed.',

  'paste.filterPending': 'Reasons due',
  'paste.filterPendingTitle': 'Only units with deductions whose reason is still to be written',

  'paste.unitTitle': 'Deductions with reasons to be supplied ({n})',
  'paste.unitHint': 'These deductions were entered as bare scores. Until their reasons are written the unit is unfinished, the circular cannot be final and the problem list shows "理由待补充".',
  'paste.unitItem': '{leaf}: −{points}',
  'paste.unitBy': ' ({assessor})',
  'paste.unitGo': 'Write it',

  'paste.writeReason': 'Write the reason',
  'paste.reasonPlaceholder': 'Why the points were taken off',
  'paste.reasonSave': 'Save the reason',
  'paste.reasonEmpty': 'Please write the reason.',

  'paste.missingPending': '{name} (reason to be supplied)',

  'paste.templateDeduction': 'deduction {before} → {after}',
  'paste.templateCheckpoint': 'check point: {name}',
};
