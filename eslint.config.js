import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      'node_modules/**',
      '**/templates/**',
      'examples/**/dist/**',
      'bench/**',
      'scripts/**',
      'examples/**/node_modules/**',
      // The project the README's first set-up command scaffolds (also in .gitignore, which prettier reads).
      'my-project/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Each example is its own package with its own tsconfig; none is part of the root build.
    files: ['examples/*/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./examples/*/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['__tests__/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
