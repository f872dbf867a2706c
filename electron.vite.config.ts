import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { buildCli } from './scripts/build-cli'

const contract = resolve(import.meta.dirname, 'electron/core/api/contract.ts')

export default defineConfig({
  main: {
    // The `invigil` CLI and browser host ship as pre-built JavaScript too (out/cli), built with the app.
    plugins: [{ name: 'invigil-cli', apply: 'build', closeBundle: async () => void (await buildCli()) }],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/shell/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything: ship one self-contained CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/shell/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src',
    resolve: { alias: { '@contract': contract } },
    plugins: [vue()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/index.html') } },
    },
  },
})
