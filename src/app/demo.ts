/**
 * The demo assessment shipped with the app (public/demo/demo-bundle.json). It is fetched relative to
 * the app's base, so the service worker's precache serves it offline too, and goes through the same
 * bundle door as any imported file.
 */
import { parseBundle } from '../formats/bundle';
import type { Bundle } from '../model/assessment';
import { AppError } from './appError';

export const DEMO_FILE = 'demo-bundle.json';

export async function fetchDemo(): Promise<Bundle> {
  const response = await fetch(`${import.meta.env.BASE_URL}demo/${DEMO_FILE}`);
  if (!response.ok) throw new AppError('demo.fetchFailed', { file: DEMO_FILE, status: response.status });
  const parsed = parseBundle(await response.text(), DEMO_FILE);
  if (!parsed.ok) {
    const first = parsed.errors.slice(0, 3).map((e) => `${e.path}：${e.message}`).join('；');
    throw new AppError('demo.invalid', { file: DEMO_FILE, n: parsed.errors.length, first });
  }
  return parsed.bundle;
}
