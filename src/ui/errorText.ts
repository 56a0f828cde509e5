/** The one place a failure becomes words: in the chosen language, never a library's own message. */
import { explainFailure, type During } from '../app/appError';
import type { T } from './useT';

export function errorText(e: unknown, t: T, during: During = 'save'): string {
  const failure = explainFailure(e, during);
  return 'code' in failure ? t(failure.code, failure.params) : failure.text;
}
