/** What to show for a failed command: a command's refusal in the chosen language, else its message. */
import { AppError } from '../app/appError';
import type { T } from './useT';

export function errorText(e: unknown, t: T): string {
  if (e instanceof AppError) return t(e.code, e.params);
  return e instanceof Error ? e.message || e.name : String(e);
}
