import { once } from 'node:events'
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { LoopTurns } from './loopTurns'

const closers: (() => void)[] = []
afterEach(() => closers.splice(0).forEach((close) => close()))

/** Two connected loopback sockets. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1')
  const [[peer]] = await Promise.all([once(server, 'connection') as Promise<[Socket]>, once(client, 'connect')])
  closers.push(() => {
    client.destroy()
    peer.destroy()
    server.close()
  })
  return [client, peer]
}

describe('turns of the event loop', () => {
  it('answers I/O that arrived during one turn before the next turn runs', async () => {
    const [client, peer] = await socketPair()
    const order: string[] = []
    peer.on('data', () => order.push('data'))
    const turns = new LoopTurns()
    await Promise.all([
      turns.next().then(() => {
        order.push('turn 1')
        client.write('statement done')
      }),
      turns.next().then(() => order.push('turn 2')),
      turns.next().then(() => order.push('turn 3')),
    ])
    expect(order).toEqual(['turn 1', 'data', 'turn 2', 'turn 3'])
  })

  it('hands turns out in the order they were asked for, each once', async () => {
    const turns = new LoopTurns()
    const order: number[] = []
    await Promise.all(Array.from({ length: 50 }, (_, i) => turns.next().then(() => order.push(i))))
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i))
    // Asked for again after all were served.
    await turns.next()
  })
})
