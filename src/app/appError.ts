/**
 * A command's refusal for the user: a message code of the catalogue and its parameters. The UI
 * translates it (ui/errorText.ts), so the words live in one place, in every language.
 */
import type { MessageKey, Params } from '../i18n/messages';

export class AppError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Params = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}
