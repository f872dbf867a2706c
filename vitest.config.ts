import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@contract': resolve(import.meta.dirname, 'electron/core/api/contract.ts') } },
  test: {
    include: ['electron/**/*.test.ts', 'src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    reporters: ['default', ['json', { outputFile: 'reports/unit.json' }]],
  },
})
