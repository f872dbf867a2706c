import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@contract': resolve(import.meta.dirname, 'electron/core/api/contract.ts') } },
  test: {
    include: ['electron/**/*.test.ts', 'src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Spawned `invigil` runs use the pre-built CLI (out/cli), built here when the sources changed.
    globalSetup: ['test/testing/builtCliSetup.ts'],
    // Timeouts catch hangs only: a test's speed depends on the machine's load, which is not what it tests.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'reports/unit.json' }]],
  },
})
