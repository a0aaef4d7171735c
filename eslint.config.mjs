// ESLint for src/ and test/ (`npm run lint`, part of `npm test`). The layer rules live in
// .dependency-cruiser.cjs (`npm run lint:layers`); formatting is Prettier's (`npm run format`).
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist*/**', '.astro/**', 'node_modules/**', 'labs/**/node_modules/**', 'test-results/**', 'content/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    // The two classic hook rules; the compiler-era rules judge patterns the islands use on purpose
    // (a ref handed to JSX, state set once an effect has read the DOM).
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_name` marks a parameter kept for its position in a signature.
      // Untrusted learner text and terminal output are scrubbed of control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
