import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// TypeScript files the root tsconfig.json covers get the type-aware rules (as github/codeql-action does); the
// rest (scripts, benchmarks, configs in plain JavaScript) get the syntactic ones.
const typedFiles = [
  'packages/*/src/**/*.ts',
  'packages/*/test/**/*.ts',
  'actions/*/src/**/*.ts',
  'actions/*/test/**/*.ts',
  'test/**/*.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test/fixtures/**',
      'coverage/**',
      'bench/data/**',
      '**/mlgate-reports/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: typedFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // Tests read reports back with JSON.parse (any) and let expect() check the shape: the no-unsafe-* rules
    // would only ask for casts there. Every other typed rule applies to tests too.
    files: ['packages/*/test/**/*.ts', 'actions/*/test/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement async interfaces (Router, MetricProvider, chunk streams) with synchronous bodies; `async`
      // keeps a throw a rejection, as in the real implementations.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // One import statement per module (a type-only import beside it is the consistent-type-imports style).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'no-console': 'off',
    },
  },
  {
    // Functions a reader takes in at one glance; longer ones split along their seams (issue #18).
    files: ['packages/*/src/**/*.ts', 'actions/*/src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Workflow commands and file commands are written by packages/action/src/runner.ts only (@actions/core's
    // import alone costs a third of an action's start-up: bench/README.md); plain log lines go through
    // @mlgate/action's runner-safe info, since a newline in a file name or tag value would let data issue commands.
    files: ['actions/**/*.ts', 'packages/**/*.ts'],
    ignores: ['packages/action/test/runner.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@actions/core',
              message:
                "Use @mlgate/action (runner.ts writes the runner's protocol; logger.ts's info is runner-safe).",
            },
          ],
        },
      ],
    },
  },
);
