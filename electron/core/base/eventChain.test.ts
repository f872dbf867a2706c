import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { chainHash, eventLine, GENESIS_HASH, verifyChain, type SessionEvent } from './eventChain'

const events: SessionEvent[] = [
  { seq: 1, type: 'session_created', at: '2026-11-23T01:00:00.000Z', data: { session: 's-1' } },
  { seq: 2, type: 'started', at: '2026-11-23T01:01:00.000Z', data: {} },
  { seq: 3, type: 'answer_saved', at: '2026-11-23T01:02:00.000Z', data: { item: 'single-1', revision: 1, ct: 'ab12' } },
]
const lines = events.map(eventLine)

describe('event chain', () => {
  it('recomputes the head and agrees with stored hashes', () => {
    const hashes: string[] = []
    lines.reduce((prev, line) => {
      const next = chainHash(prev, line)
      hashes.push(next)
      return next
    }, GENESIS_HASH)
    expect(verifyChain(lines, hashes)).toEqual({ ok: true, head: hashes[2], count: 3 })
  })

  it('detects an edited, deleted, reordered or swapped event', () => {
    const head = verifyChain(lines)
    const edited = [lines[0], lines[1]?.replace('{}', '{"x":1}'), lines[2]] as string[]
    expect(verifyChain(edited)).not.toEqual(head)
    expect(verifyChain([lines[0], lines[2]] as string[])).toMatchObject({ ok: false, brokenAt: 2 })
    expect(verifyChain([lines[1], lines[0], lines[2]] as string[])).toMatchObject({ ok: false, brokenAt: 1 })
    const stored = verifyChain(lines)
    if (!stored.ok) throw new Error('chain broken')
    const hashes = lines.map((_, i) => verifyChain(lines.slice(0, i + 1))).map((c) => (c.ok ? c.head : ''))
    const tampered = [...lines]
    tampered[2] = eventLine({ ...events[2], data: { item: 'single-1', revision: 1, ct: 'ff00' } } as SessionEvent)
    expect(verifyChain(tampered, hashes)).toMatchObject({ ok: false, brokenAt: 3 })
  })

  it('matches what sha256sum computes, so a third party needs no Invigil code', () => {
    let prev = GENESIS_HASH
    for (const line of lines) {
      prev =
        execFileSync('sha256sum', { input: `${prev}\n${line}` })
          .toString()
          .split(' ')[0] ?? ''
    }
    expect(verifyChain(lines)).toMatchObject({ ok: true, head: prev })
  })
})
