/**
 * package.json `sideEffects` names the only source files the build keeps for what importing them does
 * (styles, polyfills, worker entries, the app's entry): any other module is kept only for the names it
 * exports and some chunk uses. A file imported for its effect alone (`import './x'`) and not named there
 * would be dropped from the build without a word.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const patterns: string[] = JSON.parse(readFileSync('package.json', 'utf8')).sideEffects;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(n) ? [p] : [];
  });

/** `*.css` anywhere, `./src/**\/*.worker.ts`, or the exact path. */
function listed(path: string): boolean {
  return patterns.some((p) => {
    if (p.startsWith('*.')) return path.endsWith(p.slice(1));
    if (p.includes('**/*')) return path.startsWith(p.slice(2, p.indexOf('**'))) && path.endsWith(p.slice(p.indexOf('**/*') + 4));
    return `./${path}` === p;
  });
}

describe('package.json sideEffects', () => {
  it('names every source file imported for its effect alone', () => {
    const unlisted: string[] = [];
    for (const file of sourceFiles('src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^import '(\.[^']+)';/gm)) {
        const target = relative('.', resolve(dirname(file), m[1]!));
        const path = /\.\w+$/.test(target) ? target : `${target}.ts`;
        if (!listed(path)) unlisted.push(`${file}: import '${m[1]}'`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  it('names files that exist, each of them imported for its effect or an entry', () => {
    for (const p of patterns.filter((x) => x.startsWith('./') && !x.includes('*'))) expect(statSync(p.slice(2)).isFile(), p).toBe(true);
    expect(listed('src/app/bundle.worker.ts')).toBe(true);
    expect(listed('src/ui/grid/grid.css')).toBe(true);
    expect(listed('src/app/sync.ts')).toBe(false);
  });
});
