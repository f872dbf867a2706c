import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiResult, SessionView } from '../core/api/contract'
import { startBrowserHost } from './browserHost'
import type { BrowserHost } from './browserHost'
import { apiCall, rawRequest } from './testing/httpClient'

const RICH_BANK = resolve(import.meta.dirname, '../../test/fixtures/banks/rich/rich-items.yaml')
let dir: string
let host: BrowserHost

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-host-assets-'))
  const rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Invigil</title>')
  host = await startBrowserHost({
    dataDir: join(dir, 'station'),
    port: 0,
    passphrase: 'host assets passphrase',
    rendererDir,
    bank: RICH_BANK,
    clock: 'manual',
    clockStartMs: Date.parse('2026-11-23T09:00:00+08:00'),
  })
})
afterAll(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the browser host serves a markdown bank’s images', () => {
  it('by the hash the candidate view names, under a CSP, never sniffed or cached', async () => {
    const checkIn = (await apiCall(host.url, 'session.checkIn', { candidateId: 'A-1', name: 'Ann' })).json()
    const view = (checkIn as ApiResult<SessionView>).ok ? (checkIn as { value: SessionView }).value : undefined
    const item = view?.exam.sections.flatMap((section) => section.items).find((entry) => entry.id === 'rich-image')
    const src = /<img class="rich-image" src="(\/exam-assets\/[0-9a-f]{64})" alt="網路圖/.exec(
      item?.stemHtml ?? '',
    )?.[1]
    expect(src).toBeDefined()

    const image = await rawRequest(new URL(src ?? '', host.url).href)
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/svg+xml')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['cache-control']).toBe('no-store')
    expect(image.headers['content-security-policy']).toContain("default-src 'none'")
    expect(image.text).toMatch(/^<svg /)
    expect(`/exam-assets/${createHash('sha256').update(image.text).digest('hex')}`).toBe(src)
  })

  it.each([
    ['an unknown hash', `/exam-assets/${'0'.repeat(64)}`],
    ['a file name', '/exam-assets/network.svg'],
    ['a path out of the folder', '/exam-assets/..%2F..%2Fstation.json'],
    ['upper-case hex', `/exam-assets/${'A'.repeat(64)}`],
  ])('answers 404 to %s', async (_name, path) => {
    expect((await rawRequest(new URL(path, host.url).href)).status).toBe(404)
  })
})
