// Lint: typescript-eslint strict + type-aware rules, and the stage boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const boundary = (from, banned, why) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: banned.map((b) => ({ group: [`**/${b}/*`, `**/${b}/index.js`], message: why })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'ward-data/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['web/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '!**/src/model', '!**/src/model/*'],
              message:
                'the console talks to the API over HTTP; it may only take type imports from src/model.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  boundary(
    'model',
    ['ingest', 'detect', 'learn', 'store', 'api', 'cli', 'context', 'pipeline'],
    'model is the shared vocabulary: it imports nothing else from src.',
  ),
  boundary(
    'ingest',
    ['detect', 'learn', 'store', 'api', 'cli'],
    'parsers know nothing of detectors, storage or shells: one direction, no back-edges.',
  ),
  boundary(
    'detect',
    ['store', 'api', 'cli', 'respond'],
    'detectors read events and learned state only, never the database or the HTTP layer.',
  ),
  boundary(
    'learn',
    ['detect', 'store', 'api', 'cli'],
    'baselines are pure state; detectors use them, not the other way round.',
  ),
  boundary(
    'store',
    ['detect', 'api', 'cli'],
    'the store persists the model; it does not run detection or shells.',
  ),
);
