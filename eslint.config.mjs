// Lint enforces the layering: core/ and infra/ never import 'vscode'
// (only src/adapters and the composition root src/extension.ts may).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'vscode', message: 'core/ and infra/ must run without VS Code: move this to src/adapters.' }] },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.lab/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-console': ['error', { allow: ['error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/infra/**/*.ts'], rules: noVscode },
  { files: ['test/**/*.ts'], rules: { 'no-console': 'off' } },
);
