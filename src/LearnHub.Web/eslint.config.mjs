// The linter for LearnHub's own scripts (wwwroot/js, ES modules run by the browser): eslint's recommended
// rules, and the layout .editorconfig asks for. `npm run lint` here; ./test.sh runs it before the build.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import globals from 'globals';

export default [
  // The libraries copied from npm (scripts/frontend.sh) and the build's output are not ours to lint.
  { ignores: ['wwwroot/lib/', 'bin/', 'obj/'] },
  js.configs.recommended,
  {
    files: ['wwwroot/js/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
  },
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/indent': ['error', 2],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'only-multiline'],
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }],
      '@stylistic/linebreak-style': ['error', 'unix'],
    },
  },
];
