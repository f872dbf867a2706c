import { describe, expect, it } from 'vitest'
import { toBase64url } from '../crypto/base64url'
import { canonicalJson } from '../base/canonicalJson'
import { eventLine } from '../base/eventChain'
import { encodePayload } from './bundleContent'
import { RESULT_FORMAT, resultManifestSchema } from './bundleFormat'
import type { ResultManifest } from './bundleFormat'
import { verifyBundle } from './bundleVerifier'
import { writeResultBundle } from './bundleWriter'
import {
  createTestStation,
  SAMPLE_SESSION_ID,
  sampleBundleInput,
  sampleEventLines,
  sampleEvents,
} from './testing/sampleBundle'
import type { TestStation } from './testing/sampleBundle'

const station = createTestStation()
const input = sampleBundleInput()
const lines = sampleEventLines()
const bundle = writeResultBundle(input, lines, station)
const utf8 = (part: string | undefined): string => Buffer.from(part ?? '', 'base64url').toString('utf8')

/** Signs whatever it is given, bypassing the writer's checks: what a forger holding a station key could make. */
function signRaw(
  header: unknown,
  payload: string,
  signer: TestStation = station,
  headerText = canonicalJson(header),
): string {
  const signingInput = `${toBase64url(Buffer.from(headerText))}.${toBase64url(Buffer.from(payload))}`
  return `${signingInput}.${toBase64url(signer.sign(Buffer.from(signingInput)))}`
}
const goodHeader = { alg: 'EdDSA', typ: 'invigil-result+jws', kid: station.stationId, jwk: station.publicKeyJwk }
const [, goodPayloadPart] = bundle.split('.')
const goodManifest = resultManifestSchema.parse(JSON.parse(utf8(goodPayloadPart).split('\n')[0] ?? ''))
const withManifest = (change: (m: ResultManifest) => unknown): string =>
  [canonicalJson(change(structuredClone(goodManifest))), ...lines].join('\n')

describe('result bundle format', () => {
  it('is three base64url parts and nothing else: no newline, no padding', () => {
    expect(bundle).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/)
  })

  it('has exactly the protected header {alg, typ, kid, jwk}, kid derived from the key', () => {
    expect(JSON.parse(utf8(bundle.split('.')[0]))).toEqual(goodHeader)
    expect(station.stationId).toMatch(/^[0-9a-f]{16}$/)
  })

  it('carries the canonical manifest on line 1 and the event lines exactly as stored after it', () => {
    const payload = utf8(bundle.split('.')[1])
    const [manifestLine, ...eventLines] = payload.split('\n')
    expect(eventLines).toEqual(lines)
    expect(payload.endsWith('\n')).toBe(false)
    const manifest = JSON.parse(manifestLine ?? '') as ResultManifest
    expect(canonicalJson(manifest)).toBe(manifestLine)
    expect(manifest).toMatchObject({
      format: RESULT_FORMAT,
      station: { id: station.stationId },
      event_log: { count: 6 },
      candidate: { name: '王小明' },
    })
    expect(manifest.scores).toMatchObject({ total: 2, max: 8, pending: 1, passed: null })
  })
})

describe('verifyBundle', () => {
  it('accepts a bundle from the writer and returns its manifest and events', async () => {
    const result = await verifyBundle(Buffer.from(bundle))
    expect(result).toEqual({
      ok: true,
      manifest: goodManifest,
      manifestJson: canonicalJson(goodManifest),
      eventLines: lines,
      encrypted: false,
    })
  })

  it('gives each of many bundles verified at once its own verdict and content (the payload buffer is reused)', async () => {
    const other = writeResultBundle(sampleBundleInput('sess-2'), sampleEventLines('sess-2'), station)
    const [head, payload = '', signature] = other.split('.')
    const tampered = `${head}.${payload.slice(0, -2)}A${payload.slice(-1)}.${signature}`
    const files = [bundle, other, tampered, bundle, other]
    for (const signatureOffThread of [false, true]) {
      const results = await Promise.all(files.map((file) => verifyBundle(Buffer.from(file), { signatureOffThread })))
      expect(results.map((r) => (r.ok ? r.manifest.session.id : r.code))).toEqual([
        SAMPLE_SESSION_ID,
        'sess-2',
        'BAD_SIGNATURE',
        SAMPLE_SESSION_ID,
        'sess-2',
      ])
      // What an earlier call returned is not changed by the calls after it.
      expect(results[0]).toEqual(await verifyBundle(bundle))
      expect(results[1]).toEqual({
        ok: true,
        manifest: expect.anything(),
        manifestJson: utf8(payload).split('\n')[0],
        eventLines: sampleEventLines('sess-2'),
        encrypted: false,
      })
    }
  })

  it('checks the key against trusted station keys when given', async () => {
    const other = createTestStation()
    expect(
      await verifyBundle(bundle, { trustedStationKeys: [other.publicKeyJwk, station.publicKeyJwk] }),
    ).toMatchObject({ ok: true })
    expect(await verifyBundle(bundle, { trustedStationKeys: [other.publicKeyJwk] })).toMatchObject({
      ok: false,
      code: 'UNTRUSTED_KEY',
    })
    expect(await verifyBundle(bundle, { trustedStationKeys: [] })).toMatchObject({ ok: false, code: 'UNTRUSTED_KEY' })
    // Signed by another station under this station's name and key: the signature gives it away.
    const impostor = signRaw(goodHeader, encodePayload(goodManifest, lines), other)
    expect(await verifyBundle(impostor)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' })
  })

  const other = createTestStation()
  const otherHeader = { ...goodHeader, kid: other.stationId, jwk: other.publicKeyJwk }
  it.each([
    [
      'a header with an extra field',
      { ...goodHeader, crit: ['b64'] },
      encodePayload(goodManifest, lines),
      'BAD_HEADER',
    ],
    ['a header with alg none', { ...goodHeader, alg: 'none' }, encodePayload(goodManifest, lines), 'BAD_HEADER'],
    [
      'a kid that is not the key',
      { ...goodHeader, kid: other.stationId },
      encodePayload(goodManifest, lines),
      'BAD_HEADER',
    ],
    [
      'a non-canonical manifest',
      goodHeader,
      [JSON.stringify(goodManifest, null, 1).replaceAll('\n', ''), ...lines].join('\n'),
      'BAD_MANIFEST',
    ],
    ['a manifest with an extra field', goodHeader, withManifest((m) => ({ ...m, extra: 1 })), 'BAD_MANIFEST'],
    [
      'a wrong event count',
      goodHeader,
      withManifest((m) => ({ ...m, event_log: { ...m.event_log, count: 5 } })),
      'BAD_EVENT_LOG',
    ],
    [
      'a wrong chain head',
      goodHeader,
      withManifest((m) => ({ ...m, event_log: { ...m.event_log, head: '0'.repeat(64) } })),
      'BAD_EVENT_LOG',
    ],
    ['a dropped event', goodHeader, [canonicalJson(goodManifest), ...lines.slice(0, -1)].join('\n'), 'BAD_EVENT_LOG'],
    ['a trailing newline inside the payload', goodHeader, `${encodePayload(goodManifest, lines)}\n`, 'BAD_EVENT_LOG'],
    [
      'a response revision no event saved',
      goodHeader,
      withManifest((m) => ({ ...m, responses: m.responses.map((r) => ({ ...r, revision: 3 })) })),
      'INCONSISTENT',
    ],
    [
      'a total other than the sum of the unit scores',
      goodHeader,
      withManifest((m) => ({ ...m, scores: { ...m.scores, total: m.scores.total + 1 } })),
      'INCONSISTENT',
    ],
    [
      'a unit score raised with the total but not its section',
      goodHeader,
      withManifest((m) => ({
        ...m,
        scores: {
          ...m.scores,
          total: m.scores.total + 1,
          units: m.scores.units.map((u, i) => (i === 0 ? { ...u, points: u.points + 1, max: u.max + 1 } : u)),
        },
      })),
      'INCONSISTENT',
    ],
    [
      'a pending count that does not match the units',
      goodHeader,
      withManifest((m) => ({ ...m, scores: { ...m.scores, pending: m.scores.pending + 1 } })),
      'INCONSISTENT',
    ],
    ['a payload that is not UTF-8', goodHeader, '\uD800', 'BAD_MANIFEST'],
  ])('rejects %s even when properly signed', async (_, header, payload, code) => {
    expect(await verifyBundle(signRaw(header, payload))).toMatchObject({ ok: false, code })
  })

  it('rejects a manifest naming another station than the one that signed', async () => {
    expect(await verifyBundle(signRaw(otherHeader, encodePayload(goodManifest, lines), other))).toMatchObject({
      ok: false,
      code: 'INCONSISTENT',
    })
  })

  it('rejects a header that is not in canonical form, even when properly signed', async () => {
    const spaced = JSON.stringify(goodHeader, null, 1)
    expect(await verifyBundle(signRaw(goodHeader, encodePayload(goodManifest, lines), station, spaced))).toMatchObject({
      code: 'BAD_HEADER',
    })
  })
})

describe('writeResultBundle refuses content the verifier would reject', () => {
  const events = sampleEvents()
  const edited = (seq: number, data: Record<string, string | number>): string[] =>
    events.map((event) => eventLine(event.seq === seq ? { ...event, data } : event))
  it.each([
    ['a broken chain (events out of order)', input, [lines[1], lines[0], ...lines.slice(2)], 'BAD_EVENT_LOG'],
    ['no events', input, [], 'BAD_EVENT_LOG'],
    ['a first event for another session', input, edited(1, { session: 'other' }), 'BAD_EVENT_LOG'],
    ['an answer_saved without item and revision', input, edited(3, {}), 'BAD_EVENT_LOG'],
    [
      'a response with no answer_saved event',
      {
        ...input,
        responses: [...input.responses, { item: 'q9', value: 'A', revision: 1, saved_at: input.exported_at }],
      },
      lines,
      'INCONSISTENT',
    ],
    [
      'a response that is not the last revision',
      { ...input, responses: input.responses.map((r) => ({ ...r, revision: 1 })) },
      lines,
      'INCONSISTENT',
    ],
    [
      'a saved answer missing from the responses',
      { ...input, responses: input.responses.slice(0, 1) },
      lines,
      'INCONSISTENT',
    ],
    ['the same item twice', { ...input, responses: [...input.responses, ...input.responses] }, lines, 'INCONSISTENT'],
    [
      'a package hash that is not SHA-256 hex',
      { ...input, exam: { ...input.exam, package_hash: 'xyz' } },
      lines,
      'BAD_MANIFEST',
    ],
  ])('%s', (_, content, eventLines, code) => {
    expect(() => writeResultBundle(content, eventLines as string[], station)).toThrow(
      expect.objectContaining({ name: 'BundleError', code }),
    )
  })

  it('refuses a signer whose id is not derived from its key', () => {
    expect(() => writeResultBundle(input, lines, { ...station, stationId: '0123456789abcdef' })).toThrow(
      expect.objectContaining({ code: 'BAD_SIGNER' }),
    )
  })

  it('signs the same content the same way (Ed25519 is deterministic)', () => {
    expect(writeResultBundle(input, sampleEventLines(SAMPLE_SESSION_ID), station)).toBe(bundle)
  })
})
