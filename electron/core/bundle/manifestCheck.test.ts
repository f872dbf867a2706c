import { describe, expect, it } from 'vitest'
import { seededUint32, uniformBelow } from '../delivery/seededShuffle'
import { resultManifestSchema, type ResultManifest } from './bundleFormat'
import { verifyBundle } from './bundleVerifier'
import { writeResultBundle } from './bundleWriter'
import { isResultManifest } from './manifestCheck'
import { createTestStation, sampleBundleInput, sampleEventLines } from './testing/sampleBundle'

// The verifier checks a manifest by hand first (isResultManifest) and asks zod only when that is not sure: the hand
// check must never accept what resultManifestSchema refuses, and must accept the manifests stations write.

const next = seededUint32('manifest-check', 'mutations')
const pick = <T>(values: readonly T[]): T => values[uniformBelow(next, values.length)] as T

const VALUES: unknown[] = [
  ...[0, -1, 1, 2.5, -0, 2 ** 53, 1e300, Number.NaN, Number.POSITIVE_INFINITY],
  ...['', 'x', 'A', 'AB', 'a', 'candidate', 'auto', 'scored', 'pending_manual', 'ab'.repeat(32), '0123456789abcdef'],
  ...['2026-11-23T09:00:00.000Z', '2026-02-29T09:00:00Z', '2024-02-29T09:00:00Z', '2026-11-23 09:00', 'x'.repeat(1001)],
  ...[null, true, false, [], ['A'], ['A', 'A'], ['B', 'A'], ['a'], [1], {}, { extra_percent: 25 }, { x: 1 }],
  ...[[{ minutes: 5, reason: '', at: '2026-11-23T09:00:00.000Z' }], [{ minutes: 0, reason: '', at: 'x' }]],
]

async function sampleManifest(): Promise<ResultManifest> {
  const text = writeResultBundle(sampleBundleInput(), sampleEventLines(), createTestStation())
  const verdict = await verifyBundle(text)
  if (!verdict.ok) throw new Error(verdict.reason)
  return verdict.manifest
}

/** Every object and array inside `value`, with its own keys: where a mutation may land. */
function containers(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (typeof value === 'object' && value !== null) {
    found.push(value as Record<string, unknown>)
    for (const member of Object.values(value)) containers(member, found)
  }
  return found
}

function mutated(manifest: ResultManifest): unknown {
  const copy = structuredClone(manifest) as unknown
  for (let changes = 1 + uniformBelow(next, 2); changes > 0; changes--) {
    const target = pick(containers(copy))
    const keys = Object.keys(target)
    const extra = keys.length === 0 || uniformBelow(next, 4) === 0
    const key = extra ? pick(['extra', 'submit_note', '__proto__', 'extra_minutes']) : pick(keys)
    if (uniformBelow(next, 5) === 0) Reflect.deleteProperty(target, key)
    else
      Object.defineProperty(target, key, { value: pick(VALUES), enumerable: true, writable: true, configurable: true })
  }
  return copy
}

describe('isResultManifest, the hand-written twin of resultManifestSchema', () => {
  it('accepts the manifests stations write', async () => {
    const manifest = await sampleManifest()
    expect(isResultManifest(manifest)).toBe(true)
    expect(isResultManifest(JSON.parse(JSON.stringify(manifest)))).toBe(true)
    const noted = { ...manifest, session: { ...manifest.session, submit_note: 'fire alarm' } }
    expect(isResultManifest(noted)).toBe(true)
  })

  it('never accepts what zod refuses, on 5,000 mutated manifests', async () => {
    const manifest = await sampleManifest()
    const verdicts = { both: 0, zodOnly: 0, refused: 0 }
    for (let i = 0; i < 5000; i++) {
      const value = mutated(manifest)
      const reference = resultManifestSchema.safeParse(value).success
      const hand = isResultManifest(value)
      if (hand) expect(reference, JSON.stringify(value)).toBe(true)
      verdicts[hand ? 'both' : reference ? 'zodOnly' : 'refused'] += 1
    }
    // Both sides are exercised, and the hand check answers for nearly every manifest zod accepts.
    expect(verdicts.refused).toBeGreaterThan(2000)
    expect(verdicts.both).toBeGreaterThan(500)
    expect(verdicts.zodOnly).toBeLessThan(verdicts.both / 10)
  })
})
