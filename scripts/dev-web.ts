// `npm run dev:web`: the app in a browser with hot reload. The browser host runs in this process with a real
// station in .data/dev (the seed exam installed) and serves only the API; Vite serves src/ with HMR and proxies
// /api to it. Nothing to build first. INVIGIL_DEV_BANK picks another bank, INVIGIL_DEV_DATA another directory.
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { createServer } from 'vite'
import type { Plugin } from 'vite'
import electronViteConfig from '../electron.vite.config'
import { startBrowserHost } from '../electron/host/browserHost'

const repo = resolve(import.meta.dirname, '..')
const dataDir = process.env.INVIGIL_DEV_DATA ?? resolve(repo, '.data/dev')
const bank = process.env.INVIGIL_DEV_BANK ?? resolve(repo, 'banks/it-customer-service-certification-2026.yaml')
// A development station holds only sample papers, so a well-known passphrase is fine here and nowhere else.
const passphrase = process.env.INVIGIL_STATION_PASSPHRASE ?? 'invigil-dev'

const host = await startBrowserHost({ dataDir, port: 0, bank, passphrase, rendererDir: null })
const hostOrigin = new URL(host.url).origin

// The page's CSP (src/index.html) allows only 'self' styles; Vite injects each component's CSS as a <style> tag
// in development, so the dev server alone adds a per-run nonce for them.
const nonce = randomBytes(16).toString('base64')
const devStyleNonce: Plugin = {
  name: 'invigil-dev-style-nonce',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`),
}

const renderer = electronViteConfig.renderer ?? {}
let devOrigin = ''
const vite = await createServer({
  configFile: false,
  root: resolve(repo, renderer.root ?? 'src'),
  ...(renderer.resolve ? { resolve: renderer.resolve } : {}),
  plugins: [...(renderer.plugins ?? []), devStyleNonce],
  html: { cspNonce: nonce },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': {
        target: hostOrigin,
        changeOrigin: true,
        configure: (proxy) => {
          // The host accepts API calls only from its own origin. Vouch for this dev server's pages, and no others.
          proxy.on('proxyReq', (proxyReq, req) => {
            if (req.headers.origin === devOrigin) proxyReq.setHeader('Origin', hostOrigin)
          })
        },
      },
    },
  },
})
await vite.listen()
devOrigin = new URL(vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173').origin

console.log(`invigil dev:web: exam ${host.bank?.exam.id ?? '(none)'}, station data in ${dataDir}`)
vite.printUrls()

// Vite's own SIGTERM handler would exit before the station closed its database and released its lock: this one
// closes both, in that order.
for (const listener of process.listeners('SIGTERM')) process.off('SIGTERM', listener)
const stop = async (): Promise<void> => {
  await host.close()
  await vite.close()
  process.exit(0)
}
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
