/** The English of catalogue/failure.ts, loaded only when English is chosen (see ../english.ts). */
import type { failureZh } from '../catalogue/failure';

export const failureEn: Record<keyof typeof failureZh, string> = {
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
};
