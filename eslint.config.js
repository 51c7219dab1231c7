import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

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
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Plain log lines go through @mlgate/action's info (runner-safe): core.info writes a value as it is, and a
    // newline in a file name or tag value would let data issue workflow commands.
    files: ['actions/**/*.ts', 'packages/**/*.ts'],
    ignores: ['packages/action/src/logger.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'core',
          property: 'info',
          message: 'Use info() from @mlgate/action: it writes runner-safe lines.',
        },
      ],
    },
  },
);
