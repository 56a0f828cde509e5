/** Short human text for stored values (audit log, merge conflicts): "3.5", "2处问题", "触发". */
import type { T } from './useT';
import type { ScoreEntry } from '../engine';

export function describeEntry(e: ScoreEntry | null | undefined, t: T): string {
  if (!e) return t('value.empty');
  if (e.notApplicable) return t('value.notApplicable');
  const parts: string[] = [];
  if (e.value !== undefined) parts.push(String(e.value));
  if (e.triggered !== undefined) parts.push(e.triggered ? t('value.triggered') : t('value.notTriggered'));
  if (e.checks !== undefined) {
    const all = Object.values(e.checks);
    parts.push(t('value.checks', { done: all.filter(Boolean).length, all: all.length }));
  }
  if (e.findings !== undefined) {
    parts.push(e.findings.length === 0 ? t('entry.noFindings') : t('value.findings', { n: e.findings.length }));
    for (const f of e.findings.slice(0, 3)) parts.push(`“${f.reason}”`);
  }
  return parts.length === 0 ? t('value.empty') : parts.join('，');
}
