import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, each a folder, and the folders each may import. Imports only point down this
 * table; a folder not listed may not be imported. The engine is entered through its index only.
 */
export const layers = {
  model: [],
  i18n: [],
  engine: ['model'],
  sync: ['model'],
  report: ['model', 'engine'],
  store: ['model', 'engine', 'sync'],
  formats: ['model', 'engine', 'report', 'sync'],
  app: ['model', 'engine', 'report', 'sync', 'store', 'formats', 'i18n'],
  ui: ['model', 'engine', 'report', 'sync', 'app', 'i18n'],
  cli: ['model', 'engine', 'report', 'sync', 'formats'],
};

/** Libraries and the layers allowed to use them: storage, file formats and React stay in their layer. */
const libraries = {
  dexie: ['store', 'app'],
  zustand: ['app', 'ui'],
  react: ['ui'],
  'react-dom': ['ui'],
  'react-router-dom': ['ui'],
  recharts: ['ui'],
  '@tanstack/react-table': ['ui'],
  '@tanstack/react-virtual': ['ui'],
  exceljs: ['formats'],
  docx: ['formats'],
  jszip: ['formats'],
};

function layerRule(layer) {
  const allowed = new Set([layer, ...layers[layer]]);
  const upward = Object.keys(layers).filter((other) => !allowed.has(other));
  const patterns = [];
  if (upward.length > 0) {
    patterns.push({
      group: upward.flatMap((other) => [`**/${other}`, `**/${other}/**`]),
      message: `src/${layer} may import only ${[...allowed].filter((l) => l !== layer).join(', ') || 'libraries'}: imports point down the layers (see docs/architecture.md).`,
    });
  }
  if (layer !== 'engine') {
    patterns.push({ group: ['**/engine/**'], message: 'The engine is entered through src/engine/index.ts only.' });
  }
  const banned = Object.entries(libraries).filter(([, users]) => !users.includes(layer)).map(([name]) => name);
  if (banned.length > 0) {
    const names = banned.map((name) => name.replace(/[/]/g, '\\/')).join('|');
    patterns.push({ regex: `^(${names})(/.*)?$`, message: `src/${layer} does not use this library: it belongs to another layer.` });
  }
  return { files: [`src/${layer}/**/*.{ts,tsx}`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  ...Object.keys(layers).map(layerRule),
  {
    // zod as a namespace: esbuild (the command-line tools' build) then keeps only the parts used; through
    // the `z` object it kept all of zod, its locales alone a third of the score tool (Rollup shakes both)
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "Import zod as a namespace: import * as z from 'zod'." },
      ],
    },
  },
  {
    // The model and the engine are pure TypeScript: they run unchanged in Node, the browser and the CLI.
    files: ['src/model/**/*.ts', 'src/engine/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'indexedDB', 'localStorage', 'navigator'],
    },
  },
);
