import { checkBundleContent, decodePayload } from '../electron/core/bundle/bundleContent'
import { bundleEventSchema, bundleHeaderSchema, resultManifestSchema } from '../electron/core/bundle/bundleFormat'
import { fromBase64urlStrict } from '../electron/core/crypto/base64url'
import { ed25519KeyId } from '../electron/core/crypto/ed25519Keys'
import { cachedEd25519PublicKey, verifyEd25519, verifyEd25519OffThread } from '../electron/core/crypto/ed25519Verify'
import { canonicalJson, isCanonicalJsonOf, parseCanonicalJson } from '../electron/core/base/canonicalJson'
import { isResultManifest } from '../electron/core/bundle/manifestCheck'
import { checkEventLines, verifyChain } from '../electron/core/base/eventChain'
import { interleavedCpu, median } from './cpuTime'
import type { RealisticBundle } from './realisticBundle'
import { round, type Figures } from './stats'

/**
 * Where verifyBundle's CPU time goes: each stage it runs, timed on its own over the same bundle, as a share of one
 * verifyBundle call, taking turns with verifyBundle itself. The stages cover a call; the `was_*` lines are what
 * the verifier did before (JavaScript canonical re-serialisation, zod on every event and on the manifest), for
 * comparison.
 */
const PROFILE_ROUNDS = 6
const RUNS_PER_ROUND = 50

/** `whole` is one verifyBundle call. */
export async function profileVerifier(bundle: RealisticBundle, whole: () => Promise<unknown>): Promise<Figures> {
  const text = bundle.bytes.toString('latin1')
  const parts = text.split('.')
  const [headerBytes, payloadBytes, signature] = parts.map(fromBase64urlStrict) as [Buffer, Buffer, Buffer]
  const payload = payloadBytes.toString('utf8')
  const [manifestLine = '', ...eventLines] = payload.split('\n')
  const manifest = resultManifestSchema.parse(JSON.parse(manifestLine))
  const header = bundleHeaderSchema.parse(JSON.parse(headerBytes.toString('utf8')))
  const headerText = headerBytes.toString('utf8')
  const signingInput = bundle.bytes.subarray(0, text.lastIndexOf('.'))
  const key = cachedEd25519PublicKey(header.jwk.x, fromBase64urlStrict(header.jwk.x))
  const decoded = decodePayload(payloadBytes)
  if (!decoded) throw new Error('the benchmark payload is not UTF-8')
  const { eventBytes } = decoded
  const { events } = checkEventLines(eventLines, eventBytes)

  const stages: { name: string; action: () => unknown; detail?: true }[] = [
    { name: 'decode_parts', action: () => text.split('.').map(fromBase64urlStrict) },
    {
      name: 'header_checks',
      action: () => {
        const value: unknown = JSON.parse(headerText)
        const raw = fromBase64urlStrict(header.jwk.x)
        return [isCanonicalJsonOf(value, headerText), bundleHeaderSchema.safeParse(value), ed25519KeyId(raw)]
      },
    },
    { name: 'signature', action: () => verifyEd25519(signingInput, key, signature) },
    { name: 'signature_pool', action: () => verifyEd25519OffThread(signingInput, key, signature), detail: true },
    { name: 'payload_utf8', action: () => decodePayload(payloadBytes) },
    {
      name: 'manifest_checks',
      action: () => isResultManifest(parseCanonicalJson(manifestLine, decoded.bytes, 0, decoded.manifestEnd)?.value),
    },
    { name: 'content_checks', action: () => checkBundleContent(manifest, eventLines, eventBytes) },
    // Inside content_checks.
    { name: 'content_event_lines', action: () => checkEventLines(eventLines, eventBytes), detail: true },
    { name: 'content_chain', action: () => verifyChain(eventLines, undefined, events), detail: true },
    // What the verifier did before, for comparison.
    {
      name: 'was_events_canonical_in_js',
      action: () => eventLines.every((line, i) => canonicalJson(events[i]) === line),
      detail: true,
    },
    { name: 'was_manifest_zod', action: () => resultManifestSchema.safeParse(manifest), detail: true },
    { name: 'was_events_zod', action: () => events.map((event) => bundleEventSchema.safeParse(event)), detail: true },
  ]
  const figures: Figures = []
  for (const { name, action, detail } of stages) {
    const samples = await interleavedCpu([action, whole], PROFILE_ROUNDS, RUNS_PER_ROUND)
    const share = median(samples.map(([stage = 0, call = 1]) => stage / call))
    if (!detail) figures.push([`verify_share_${name}`, round(share)])
    console.log(`# verify profile: ${name} ${(100 * share).toFixed(1)}% of verifyBundle`)
  }
  return figures
}
