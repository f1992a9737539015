// Lint: typescript-eslint's recommended rules plus the few that protect determinism and money.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.tools/', 'test/histories/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Workflow code is replayed: no I/O, no Node built-ins, no wall clock of its own.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'http', 'https', 'crypto', 'child_process', 'net', 'os', 'path'],
              message: 'No Node built-ins in workflows.',
            },
            {
              group: ['**/activities/*', '**/providers/*', '**/client/*', '**/worker/*'],
              allowTypeImports: true,
              message: 'Workflows import domain code and activity types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/*.js', 'bin/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
