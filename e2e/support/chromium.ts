/** Debian's Chromium, never a downloaded browser: our machines cannot fetch one. */
export const CHROMIUM_PATH = process.env.INVIGIL_CHROMIUM ?? '/usr/bin/chromium'

/** How the suite and the benchmarks start it: no sandbox (containers), no GPU, nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]
