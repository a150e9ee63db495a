import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'tools/**', 'coverage/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_'}],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Later blocks replace this rule for their files, so each repeats the commands pattern.
  {
    files: ['src/**'],
    ignores: ['src/commands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)commands/',
              message: 'only commands import commands; move shared code to the library',
            },
          ],
        },
      ],
    },
  },
  // Layering: commands → library (install, verify, uninstall, describe, tag, ui) → cluster.
  // Rendering and the spec are pure: they never reach the cluster or the terminal.
  // The data flows one way: spec (compose, validate) → render (template engine, charts) → library.
  {
    files: ['src/render/**', 'src/template/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(cluster|ui|commands|install|verify|uninstall|describe|tag|upgrade)/',
              message: 'render and template are pure: no cluster, ui, commands or library code',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/spec/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)(render|template|cluster|ui|commands|install|verify|uninstall|describe|tag|upgrade)/',
              message:
                'the spec comes first: it imports no render, template, cluster, ui, commands or library code',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cluster/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(commands|ui|install|verify|uninstall|describe|tag)/',
              message: 'the cluster port is the bottom layer: it imports no library or command code',
            },
          ],
        },
      ],
    },
  },
);
