/**
 * A command's refusal for the user: a message code of the catalogue and its parameters. The UI
 * translates it (ui/errorText.ts), so the words live in one place, in every language.
 */
import type { MessageKey, Params } from '../i18n/messages';
import { KaoheDbError } from '../store/errors';

export class AppError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Params = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export type Failure = { code: MessageKey; params: Params } | { text: string };

/**
 * A failure as the user is told it: a command's refusal by its code, the store's refusal in its own
 * words (written for the user), anything else (the browser's, a library's) by its kind only, since
 * such a message is neither in the user's language nor meant for them.
 */
export function explainFailure(e: unknown): Failure {
  if (e instanceof AppError) return { code: e.code, params: e.params };
  if (e instanceof KaoheDbError) return { text: e.message };
  return { code: 'app.unexpectedError', params: { name: e instanceof Error ? e.name : typeof e } };
}
