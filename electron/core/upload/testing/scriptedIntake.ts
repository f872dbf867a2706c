import { createHash } from 'node:crypto'
import { createServer } from 'node:https'
import type { Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { LoopbackTls } from './loopbackTls'

/**
 * Test support: an HTTPS intake on 127.0.0.1 that misbehaves on cue. Each request takes the next behaviour from
 * the script (then `ok` forever). It keeps what a real intake keeps: the set of bundles stored, so a test can see
 * that every bundle arrived exactly once however often it was sent.
 *   ok            store, answer {sha256, status}
 *   fail500       answer 500 without storing
 *   reset         destroy the connection before reading the bundle
 *   store-reset   store, then destroy the connection: the reply is lost, the bundle is not
 *   hang          read the bundle and never answer (the client's timeout must end it)
 *   mismatch      store, answer with another hash
 */
export type Behaviour = 'ok' | 'fail500' | 'reset' | 'store-reset' | 'hang' | 'mismatch'

export interface ScriptedIntake {
  url: string
  /** Every request in arrival order: its body's hash and the behaviour it met. */
  requests: { sha256: string; behaviour: Behaviour }[]
  /** sha256 → how many times it was stored for the first time (must end at 1 for each). */
  stored: Map<string, number>
  script: Behaviour[]
  /** Resolves when the server has received `count` requests. */
  received(count: number): Promise<void>
  close(): Promise<void>
}

export async function startScriptedIntake(tls: LoopbackTls, script: Behaviour[] = []): Promise<ScriptedIntake> {
  const requests: ScriptedIntake['requests'] = []
  const stored = new Map<string, number>()
  const waiters: { count: number; resolve: () => void }[] = []
  const hung: (() => void)[] = []
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const behaviour = intake.script.shift() ?? 'ok'
    if (behaviour === 'reset') {
      requests.push({ sha256: '', behaviour })
      req.socket.destroy()
      notify()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const sha256 = createHash('sha256').update(Buffer.concat(chunks)).digest('hex')
      requests.push({ sha256, behaviour })
      const fresh = !stored.has(sha256)
      if (behaviour !== 'fail500' && behaviour !== 'hang')
        stored.set(sha256, (stored.get(sha256) ?? 0) + (fresh ? 1 : 0))
      notify()
      if (behaviour === 'hang') return void hung.push(() => res.destroy())
      if (behaviour === 'store-reset') return void req.socket.destroy()
      if (behaviour === 'fail500') return void res.writeHead(500).end('{"error":"down"}')
      const body = JSON.stringify({
        sha256: behaviour === 'mismatch' ? 'f'.repeat(64) : sha256,
        status: fresh ? 'imported' : 'duplicate',
      })
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    })
  })
  function notify(): void {
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const intake: ScriptedIntake = {
    url: `https://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    requests,
    stored,
    script: [...script],
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        for (const end of hung) end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
  return intake
}
