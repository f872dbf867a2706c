import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { writeResultBundle } from '../bundle/bundleWriter'
import { eventLine, parseEventLine } from '../base/eventChain'
import { admitBundle } from './bundleAdmission'
import { generatedSession } from './testing/generatedBundles'
import { AT, SEED, stations } from './testing/resultsTestKit'

describe('admitBundle', () => {
  it('gives back the verified event lines exactly, non-ASCII ones included, however often they are asked for', async () => {
    const { input, eventLines } = generatedSession(3, SEED)
    const note = '考生身體不適，監考員准予提前交卷 — 座位 B-12'
    const submitted = parseEventLine(eventLines[eventLines.length - 1] ?? '')
    const lines = [...eventLines.slice(0, -1), eventLine({ ...submitted, data: { ...submitted.data, note } })]
    const text = writeResultBundle({ ...input, session: { ...input.session, submit_note: note } }, lines, stations[0])
    const bytes = Buffer.from(text, 'ascii')
    const admission = await admitBundle(bytes, createHash('sha256').update(bytes).digest('hex'), {
      trustedStationKeys: [stations[0].publicKeyJwk],
      importedAt: AT,
    })
    if (!admission.ok) throw new Error(`refused: ${admission.reason}`)
    expect(lines.at(-1)).toContain(note)
    expect(admission.eventLines()).toEqual(lines)
    expect(admission.eventLines()).toEqual(lines)
  })
})
