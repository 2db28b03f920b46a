// Lint holds the rules of the code's shape: the layering (core/ is pure: no
// vscode, no infra/ or adapters/, no I/O modules; infra/ never reaches up into
// adapters/ or vscode; only adapters/ and the composition root import vscode),
// and files small enough to read in one sitting.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscode = { name: 'vscode', message: 'core/ and infra/ run without VS Code: move this to src/adapters.' };
const io = ['fs', 'child_process', 'net', 'http', 'https', 'tls', 'dgram']
  .flatMap((m) => [m, `node:${m}`])
  .map((name) => ({ name, message: 'core/ is pure: I/O belongs in src/infra.' }));
const core = {
  'no-restricted-imports': [
    'error',
    { paths: [vscode, ...io], patterns: [{ group: ['**/infra/**', '**/adapters/**'], message: 'core/ imports only core/ (and ids.ts).' }] },
  ],
};
const infra = {
  'no-restricted-imports': ['error', { paths: [vscode], patterns: [{ group: ['**/adapters/**'], message: 'infra/ never reaches up into adapters/.' }] }],
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
  { files: ['src/core/**/*.ts'], rules: core },
  { files: ['src/infra/**/*.ts'], rules: infra },
  { files: ['src/**/*.ts', 'tools/**/*.ts'], rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] } },
  { files: ['test/**/*.ts'], rules: { 'no-console': 'off' } },
);
