// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import prettier from 'eslint-config-prettier/flat'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { coreFloorZones, OUTER_ZONES } from './eslint/floors.js'
import importLoops from './eslint/importLoops.js'

const electronImports = ['electron', 'electron/*', '@electron/*']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...tseslint.configs.stylistic,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    // Line-layout rules only: they fight short templates and say nothing about correctness.
    rules: { 'vue/max-attributes-per-line': 'off', 'vue/singleline-html-element-content-newline': 'off' },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // A shadowed catch variable once hid every store error in a Vue app we learn from.
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'max-lines': ['warn', { max: 320, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The renderer talks to the station only through the typed contract, and only its types cross over.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@contract', allowTypeImports: true, message: 'src may import only types from the API contract.' },
          ],
          patterns: [
            {
              group: ['**/electron/**', ...electronImports],
              message: 'src must not import main-process code; use the API client.',
            },
            { group: ['better-sqlite3', 'node:*', 'jose', 'commander'], message: 'src runs in a sandboxed renderer.' },
          ],
        },
      ],
      'vue/no-bare-strings-in-template': 'error',
    },
  },
  {
    // The one place v-html is allowed: exam HTML the core rendered from a markdown bank, sanitised again there.
    files: ['src/components/RichText.vue'],
    rules: { 'vue/no-v-html': 'off' },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: electronImports, message: 'electron/core must run under plain Node: no Electron imports.' },
            {
              group: ['**/main/**', '**/preload/**', '**/host/**', '**/cli/**', '**/src/**', '../../src/**'],
              message: 'electron/core is the bottom layer: it imports nothing from main, preload, host, cli or src.',
            },
          ],
        },
      ],
    },
  },
  {
    // The floors of the core and the transports around it (eslint/floors.js). Tests and their kits may compose higher
    // floors to test a module in context; nothing imports them, so they cannot close a loop.
    files: ['electron/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.node.json' })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...coreFloorZones(), ...OUTER_ZONES] }] },
  },
  {
    // No import loops anywhere in our code, type-only imports included (eslint/importLoops.js).
    files: ['electron/**/*.ts', 'src/**/*.{ts,vue}'],
    plugins: { invigil: importLoops },
    rules: { 'invigil/no-import-loop': 'error' },
  },
  {
    files: ['electron/shell/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        // Re-including core/api itself as well as its files: gitignore-style, a file under an excluded folder stays excluded.
        {
          patterns: [
            {
              group: ['**/core/**', '!**/core/api', '!**/core/api/**'],
              message: 'the sandboxed preload carries only the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // Test helpers live in testing/ folders beside the code they help; only tests and test tooling may use them.
    // The core rule, not the typescript one, so the layer rules configured above for the same files still apply.
    files: ['**/*.{ts,mts,js,mjs,cjs,vue}'],
    ignores: ['**/*.test.ts', '**/testing/**', 'test/**', 'e2e/**', 'e2e-electron/**', 'bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/testing', '**/testing/**'],
              message: 'only tests and test tooling import test helpers (testing/).',
            },
            {
              group: ['**/test/**', '**/*.test', '**/*.test.*'],
              message: 'only tests import tests or the test/ folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // Benchmarks may borrow testing/ kits, but never a test itself.
    files: ['bench/**/*.{ts,mts,js,mjs,cjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/test/**', '**/*.test', '**/*.test.*'],
              message: 'benchmarks import testing/ kits, not tests or the test/ folder.',
            },
          ],
        },
      ],
    },
  },
  // Last: layout is Prettier's job (npm run format), so no lint rule may disagree with it.
  prettier,
)
