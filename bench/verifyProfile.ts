import { createPublicKey, verify } from 'node:crypto'
import { compactVerify } from 'jose'
import { checkBundleContent } from '../electron/core/bundle/bundleContent'
import { bundleEventSchema, bundleHeaderSchema, resultManifestSchema } from '../electron/core/bundle/bundleFormat'
import { fromBase64urlStrict } from '../electron/core/crypto/base64url'
import { canonicalJson } from '../electron/core/base/canonicalJson'
import { chainHash, GENESIS_HASH, verifyChain } from '../electron/core/base/eventChain'
import type { RealisticBundle } from './realisticBundle'
import { alternatingMs, round, type Figures } from './stats'

/**
 * Where verifyBundle spends its time: each stage it runs timed on its own over the same bundle, as a share of one
 * verifyBundle call. Each stage takes turns with verifyBundle itself, so a busy machine slows both and the share
 * holds. The five top-level stages (decode, header, jose, manifest, content) cover most of a call (the rest is UTF-8
 * decoding and awaiting); content_* are parts of content_checks. node_jwk_verify is what the jose call could be
 * replaced by; raw_ed25519_prebuilt_key is the signature check alone.
 */
const PROFILE_ROUNDS = 6
const RUNS_PER_ROUND = 50

/** The verifier's parseCanonical + zod, as it runs them on the header and on the manifest line. */
function parsedCanonically(text: string, schema: { safeParse: (value: unknown) => { success: boolean } }): boolean {
  const value: unknown = JSON.parse(text)
  return canonicalJson(value) === text && schema.safeParse(value).success
}

/** `whole` is one verifyBundle call; `baseline` one raw Ed25519 verify + SHA-256, as verifyBench times them. */
export async function profileVerifier(
  bundle: RealisticBundle,
  whole: () => Promise<unknown>,
  baseline: () => unknown,
): Promise<Figures> {
  const text = bundle.bytes.toString('latin1')
  const [headerPart = '', payloadPart = '', signaturePart = ''] = text.split('.')
  const header = bundleHeaderSchema.parse(JSON.parse(fromBase64urlStrict(headerPart).toString('utf8')))
  const payload = fromBase64urlStrict(payloadPart).toString('utf8')
  const [manifestLine = '', ...eventLines] = payload.split('\n')
  const manifest = resultManifestSchema.parse(JSON.parse(manifestLine))
  const signingInput = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii')
  const signature = fromBase64urlStrict(signaturePart)

  const decode = (): unknown =>
    /^[A-Za-z0-9_.-]*$/.test(text) && text.split('.').map((part) => fromBase64urlStrict(part))
  const rawVerify = (): boolean => verify(null, signingInput, bundle.station.publicKey, signature)
  const chainOnly = (): string => eventLines.reduce((prev, line) => chainHash(prev, line), GENESIS_HASH)
  // detail: finer cuts inside a stage, printed as comments only, to keep the summary short.
  const stages: { name: string; action: () => unknown; detail?: true }[] = [
    // The verifier's own steps, in its order.
    { name: 'decode_and_regex', action: decode },
    { name: 'compact_regex', action: () => /^[A-Za-z0-9_.-]*$/.test(text), detail: true },
    { name: 'header_checks', action: () => parsedCanonically(canonicalJson(header), bundleHeaderSchema) },
    { name: 'jose_compact_verify', action: () => compactVerify(text, { ...header.jwk }, { algorithms: ['EdDSA'] }) },
    {
      name: 'jose_compact_verify_same_jwk_object',
      action: () => compactVerify(text, header.jwk, { algorithms: ['EdDSA'] }),
      detail: true,
    },
    { name: 'manifest_checks', action: () => parsedCanonically(manifestLine, resultManifestSchema) },
    { name: 'manifest_zod_only', action: () => resultManifestSchema.safeParse(manifest), detail: true },
    { name: 'content_checks', action: () => checkBundleContent(manifest, eventLines) },
    // Inside content_checks.
    { name: 'content_chain_hashing', action: () => verifyChain(eventLines) },
    { name: 'content_chain_sha256_only', action: chainOnly, detail: true },
    {
      name: 'content_events_json_parse_only',
      action: () => eventLines.map((line): unknown => JSON.parse(line)),
      detail: true,
    },
    {
      name: 'content_events_canonical',
      action: () => eventLines.every((line) => canonicalJson(JSON.parse(line)) === line),
    },
    {
      name: 'content_events_zod',
      action: () => eventLines.map((line) => bundleEventSchema.safeParse(JSON.parse(line))),
    },
    // For comparison: node:crypto straight from the header's JWK (what the verifier could do instead of jose).
    {
      name: 'node_jwk_verify',
      action: () => verify(null, signingInput, createPublicKey({ key: { ...header.jwk }, format: 'jwk' }), signature),
    },
    { name: 'raw_ed25519_prebuilt_key', action: rawVerify },
  ]
  const figures: Figures = []
  for (const { name, action, detail } of stages) {
    const [stageMs, wholeMs] = await alternatingMs(action, whole, PROFILE_ROUNDS, RUNS_PER_ROUND)
    if (!detail) figures.push([`verify_share_${name}`, round(stageMs / wholeMs)])
    console.log(`# verify profile: ${name} ${((100 * stageMs) / wholeMs).toFixed(1)}% of verifyBundle`)
  }
  // The best any verifier could do that still decodes the bundle, checks the signature and recomputes the chain,
  // with no parsing, canonical-form or schema checks at all: an upper bound for verify_ratio.
  const floor = (): unknown => [decode(), rawVerify(), chainOnly()]
  const [baselineMs, floorMs] = await alternatingMs(baseline, floor, PROFILE_ROUNDS, RUNS_PER_ROUND)
  figures.push(['verify_ratio_ceiling', round(baselineMs / floorMs)])
  return figures
}
