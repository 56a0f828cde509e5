import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // The engine is pure TypeScript: it runs unchanged in Node, the browser and the CLI.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['react', 'react-dom', 'dexie', 'zustand', 'recharts', 'exceljs', 'docx'].map((name) => ({
          name, message: 'src/engine is pure TypeScript: no UI, storage or file-format libraries.',
        })),
        patterns: [{ group: ['**/ui/**', '**/db/**', '**/state/**', '**/io/**'], message: 'src/engine may not depend on outer layers.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'indexedDB', 'localStorage', 'navigator'],
    },
  },
);
