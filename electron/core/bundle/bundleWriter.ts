import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { canonicalJson } from '../base/canonicalJson'
import { ed25519KeyId } from '../crypto/ed25519Keys'
import type { StationSigner } from '../crypto/stationSigner'
import { checkEventLines, verifyChain, type CheckedEventLines } from '../base/eventChain'
import { checkEventLog, encodePayload, type EventLogHead } from './bundleContent'
import { BundleError, RESULT_FORMAT, RESULT_JWS_TYPE, resultManifestSchema } from './bundleFormat'
import type { BundleHeader, ResultManifest } from './bundleFormat'

/** What the session supplies; the writer adds the format, the station and the event-log summary itself. */
export type ResultBundleInput = Omit<ResultManifest, 'format' | 'station' | 'event_log'>

const ascii = (text: string): Buffer => Buffer.from(text, 'ascii')

function headerFor(signer: StationSigner): BundleHeader {
  const raw = fromBase64urlStrict(signer.publicKeyJwk.x)
  if (raw.length !== 32 || ed25519KeyId(raw) !== signer.stationId) {
    throw new BundleError('BAD_SIGNER', 'the station id is not derived from the station public key')
  }
  return {
    alg: 'EdDSA',
    typ: RESULT_JWS_TYPE,
    kid: signer.stationId,
    jwk: { kty: 'OKP', crv: 'Ed25519', x: signer.publicKeyJwk.x },
  }
}

function recomputedChain(eventLines: readonly string[], checked: CheckedEventLines): EventLogHead {
  const chain = verifyChain(eventLines, undefined, checked.events)
  if (!chain.ok) throw new BundleError('BAD_EVENT_LOG', `event ${chain.brokenAt}: ${chain.reason}`)
  return chain
}

/**
 * Builds and signs a session's result bundle: `b64url(header).b64url(payload).b64url(signature)`, ASCII, with no
 * trailing newline. Write the returned text to the file byte for byte. Throws BundleError when the input breaks a
 * rule the verifier enforces, so the station never signs a bundle that would fail verification.
 *
 * `verifiedChain` is for a caller that has just recomputed the chain of these very lines (the station's export, whose
 * session integrity check did: SessionRecord.head). The writer takes it as is instead of hashing the lines again; a
 * wrong one would not get out, as the station verifies every bundle before writing it (writeVerifiedBundle).
 * Without it the writer recomputes the chain itself, once.
 */
export function writeResultBundle(
  input: ResultBundleInput,
  eventLines: readonly string[],
  signer: StationSigner,
  verifiedChain?: EventLogHead,
): string {
  const header = headerFor(signer)
  if (eventLines.length === 0)
    throw new BundleError('BAD_EVENT_LOG', 'a bundle needs at least the session_created event')
  const checked = checkEventLines(eventLines)
  const chain = verifiedChain ?? recomputedChain(eventLines, checked)
  const parsed = resultManifestSchema.safeParse({
    ...input,
    format: RESULT_FORMAT,
    station: { id: signer.stationId },
    event_log: { count: chain.count, head: chain.head },
  })
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new BundleError('BAD_MANIFEST', `manifest ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`)
  }
  const manifest = parsed.data
  const content = checkEventLog(manifest, chain, checked)
  if (content) throw new BundleError(content.code, content.reason)

  const signingInput = `${toBase64url(Buffer.from(canonicalJson(header), 'utf8'))}.${toBase64url(Buffer.from(encodePayload(manifest, eventLines), 'utf8'))}`
  const signature = signer.sign(ascii(signingInput))
  if (signature.length !== 64)
    throw new BundleError('BAD_SIGNER', `an Ed25519 signature is 64 bytes, not ${signature.length}`)
  return `${signingInput}.${toBase64url(signature)}`
}
