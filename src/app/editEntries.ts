/**
 * Entering scores: one entry, a batch (paste, template import) or a mixed set of changes and
 * deletions (undo, redo). Each command is one transaction with its audit rows, durable when it resolves.
 */
export { applyEntryChanges, deleteEntry, saveEntries, saveEntry } from '../store/repo';
