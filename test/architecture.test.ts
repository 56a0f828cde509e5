/**
 * The layers hold: the lint rule refuses an import that points up (so a slip fails CI, not review),
 * and no file imports itself through others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('the layer rule', () => {
  it.each([
    ['src/engine/unit/fixture.ts', "import { openDb } from '../../store/repo';\nexport const x = openDb;\n"],
    ['src/model/fixture.ts', "import { scoreGroup } from '../engine';\nexport const x = scoreGroup;\n"],
    ['src/store/fixture.ts', "import { lockAssessment } from '../app/lock';\nexport const x = lockAssessment;\n"],
    ['src/ui/fixture.ts', "import { saveEntry } from '../store/repo';\nexport const x = saveEntry;\n"],
    ['src/ui/grid/fixture.ts', "import { liveQuery } from 'dexie';\nexport const x = liveQuery;\n"],
    ['src/ui/fixture.ts', "import { parseBundle } from '../formats/bundle';\nexport const x = parseBundle;\n"],
    ['src/formats/fixture.ts', "import { UnitEvaluator } from '../engine/unit/evaluate';\nexport const x = UnitEvaluator;\n"],
    ['src/cli/fixture.ts', "import { openDb } from '../store/repo';\nexport const x = openDb;\n"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await lint(file, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['src/ui/fixture.ts', "import { lockAssessment } from '../app/lock';\nexport const x = lockAssessment;\n"],
    ['src/app/fixture.ts', "import { openDb } from '../store/repo';\nexport const x = openDb;\n"],
    ['src/formats/fixture.ts', "import { scoreGroup } from '../engine';\nexport const x = scoreGroup;\n"],
  ])('lets %s import downward: %s', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** file → the files of src it imports (types included: a cycle of types is still a tangle). */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles(join(root, 'src'));
  const known = new Set(files);
  const resolveImport = (from: string, spec: string) =>
    ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => resolve(dirname(from), spec) + ext).find((f) => known.has(f));
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => resolveImport(file, i.fileName));
      return [file, targets.filter((t): t is string => t !== undefined)];
    }),
  );
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(root, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports', () => {
  it('form no cycle between files', () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it('form no cycle between the folders of src', () => {
    const folder = (f: string) => relative(join(root, 'src'), f).split('/')[0]!;
    const folders = new Map<string, string[]>();
    for (const [file, targets] of importGraph()) {
      const from = folder(file);
      const to = folders.get(from) ?? [];
      folders.set(from, [...new Set([...to, ...targets.map(folder).filter((t) => t !== from)])]);
    }
    expect(cycles(folders)).toEqual([]);
  });
});
