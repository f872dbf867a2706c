import { resolve } from 'node:path'
import { test as base } from '@playwright/test'
import { startRendererServer, type RendererServer } from '../electron/host/rendererServer'

/** Every UI test gets the built renderer served on loopback; later issues swap in the full browser host. */
export const test = base.extend<object, { app: RendererServer }>({
  app: [
    // Playwright reads the fixture's dependencies from this destructuring, so it must stay an (empty) pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startRendererServer(resolve(import.meta.dirname, '../out/renderer'))
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],
})

export { expect } from '@playwright/test'
