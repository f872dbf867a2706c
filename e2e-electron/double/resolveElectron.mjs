// @ts-check
/**
 * Module customization hook (node:module register): the bare specifier `electron` resolves to the recording
 * double in electron.mjs, whoever imports it. Everything else resolves as Node would.
 */
const DOUBLE_URL = new URL('./electron.mjs', import.meta.url).href

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: DOUBLE_URL, format: 'module', shortCircuit: true }
  return nextResolve(specifier, context)
}
