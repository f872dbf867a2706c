import { createHash, verify } from 'node:crypto'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { realisticBundle } from './realisticBundle'
import { alternatingMs, round, type Figures } from './stats'
import { profileVerifier } from './verifyProfile'

/**
 * Bundles verified per second against the floor under verification: one raw Ed25519 verify (prebuilt key) plus one
 * SHA-256 over the same bundle bytes. Both sides alternate in rounds, so a busy core slows both. A stage profile of
 * the verifier follows (verifyProfile.ts), because the ratio is far below its target.
 */
export interface VerifyBenchOptions {
  dir: string
  seed: string
  iterations: number
  rounds: number
}

export async function runVerifyBench(options: VerifyBenchOptions): Promise<Figures> {
  const bundle = await realisticBundle(options.dir, options.seed)
  const text = bundle.bytes.toString('ascii')
  const signingInput = Buffer.from(text.slice(0, text.lastIndexOf('.')), 'ascii')
  const signature = Buffer.from(text.slice(text.lastIndexOf('.') + 1), 'base64url')

  const baseline = (): boolean => {
    createHash('sha256').update(bundle.bytes).digest()
    return verify(null, signingInput, bundle.station.publicKey, signature)
  }
  const subject = async (): Promise<boolean> => (await verifyBundle(bundle.bytes)).ok
  const verdict = await verifyBundle(bundle.bytes)
  if (!baseline() || !verdict.ok)
    throw new Error(`the benchmark bundle does not verify: ${verdict.ok ? 'raw signature' : verdict.reason}`)

  const perRound = Math.max(1, Math.ceil(options.iterations / options.rounds))
  const [baselineMs, subjectMs] = await alternatingMs(baseline, subject, options.rounds, perRound)
  const count = perRound * options.rounds
  const [baselineRate, subjectRate] = [count / (baselineMs / 1000), count / (subjectMs / 1000)]
  console.log(
    `# verify: raw ${baselineRate.toFixed(0)} ops/s, verifyBundle ${subjectRate.toFixed(0)} bundles/s (${String(bundle.bytes.length)} bytes)`,
  )

  const verifyRatio = subjectRate / baselineRate
  return [
    ['verify_ratio', round(verifyRatio)],
    ['verify_iterations', count],
    ['verify_bundle_bytes', bundle.bytes.length],
    ['verify_bundle_responses', bundle.responses],
    ['verify_bundle_events', bundle.events],
    ...(await profileVerifier(bundle, subject, baseline)),
  ]
}
