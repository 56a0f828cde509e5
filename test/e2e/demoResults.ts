/**
 * What the shipped demo should export, worked out in Node by the engine itself from the bundle the
 * build serves: the groups, their units in display order, ranks and tiers. The browser tests compare
 * the files the app generates against this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBundle } from '../../src/formats/bundle';
import { scoreGroup, type GroupResult } from '../../src/engine';
import { DIST } from './harness';

export interface DemoGroup {
  key: string;
  name: string;
  result: GroupResult;
}

export function demoResults(): { year: number; groups: DemoGroup[] } {
  const parsed = parseBundle(readFileSync(join(DIST, 'demo', 'demo-bundle.json'), 'utf8'), 'demo-bundle.json');
  if (!parsed.ok) throw new Error(`demo bundle: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const b = parsed.bundle;
  const groups = b.assessment.groups.map((g) => {
    const ruleSet = b.ruleSets.find((r) => r.id === g.ruleSetId);
    if (!ruleSet) throw new Error(`demo bundle has no rule set ${g.ruleSetId}`);
    return { key: g.key, name: g.name, result: scoreGroup(ruleSet, b.units, b.entries, b.assessors) };
  });
  return { year: b.assessment.year, groups };
}
