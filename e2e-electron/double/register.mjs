// @ts-check
// `node --import ./register.mjs out/main/index.js`: from here on, `import ... from 'electron'` gets the double.
import { register } from 'node:module'

register('./resolveElectron.mjs', import.meta.url)
