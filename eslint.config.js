// Typed ESLint (typescript-eslint) with kebab-case file names; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import unicorn from 'eslint-plugin-unicorn';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'data/', 'coverage/', 'test-results/', 'tests/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { unicorn },
    rules: {
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // Node scripts run as plain ES modules.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  // Lit binds event listeners in templates to the element (`@click=${this._onX}`), so methods
  // passed there are never called with a wrong `this`.
  { files: ['displays/**/*.ts'], rules: { '@typescript-eslint/unbound-method': 'off' } },
);
