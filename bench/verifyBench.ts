import { hash, verify } from 'node:crypto'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { interleavedCpu, median, relativeSpread } from './cpuTime'
import { realisticBundle } from './realisticBundle'
import { round, type Figures } from './stats'
import { profileVerifier } from './verifyProfile'

/**
 * verifyBundle against its floor, in CPU time on a real session's bundle: the floor is what any verifier must do
 * (base64url-decode the three parts, one raw Ed25519 verify with a prebuilt key, the SHA-256 event chain with
 * crypto.hash), with no parsing or checking at all. verify_floor_ratio = floor CPU / verifyBundle CPU (1 is the
 * floor itself). Floor and verifier take turns in one loop; a run whose rounds disagree by more than MAX_SPREAD is
 * refused and run again, up to MAX_RUNS, and the figure is `noisy` when none was quiet. verify_pool_speedup is wall
 * time: a batch of bundles verified concurrently, signatures on the libuv pool vs all on the main thread.
 */
export interface VerifyBenchOptions {
  dir: string
  seed: string
  iterations: number
  rounds: number
}

/** Interquartile range of the per-round ratios over their median. */
const MAX_SPREAD = 0.1
const MAX_RUNS = 3
const CONCURRENT_BUNDLES = 16

export async function runVerifyBench(options: VerifyBenchOptions): Promise<Figures> {
  const bundle = await realisticBundle(options.dir, options.seed)
  const text = bundle.bytes.toString('ascii')
  const parts = text.split('.')
  const signingInput = bundle.bytes.subarray(0, text.lastIndexOf('.'))
  const signature = Buffer.from(parts[2] ?? '', 'base64url')
  const eventLines = Buffer.from(parts[1] ?? '', 'base64url')
    .toString('utf8')
    .split('\n')
    .slice(1)

  // Decoded into buffers kept from call to call, as verifyBundle decodes the payload: an allocation per decode would
  // make the floor dearer than the verifier's own decode and flatter the ratio.
  const floorBuffers = parts.map((part) => Buffer.allocUnsafeSlow(part.length))
  const floor = (): boolean => {
    for (const [i, part] of parts.entries()) floorBuffers[i]?.write(part, 0, 'base64url')
    let head = '0'.repeat(64)
    for (const line of eventLines) head = hash('sha256', `${head}\n${line}`, 'hex')
    return verify(null, signingInput, bundle.station.publicKey, signature)
  }
  const inline = async (): Promise<boolean> => (await verifyBundle(bundle.bytes)).ok
  const pool = async (): Promise<boolean> => (await verifyBundle(bundle.bytes, { signatureOffThread: true })).ok
  if (!floor() || !(await inline()) || !(await pool())) throw new Error('the benchmark bundle does not verify')

  const perRound = Math.max(1, Math.ceil(options.iterations / options.rounds))
  let accepted: { ratios: number[]; poolRatios: number[]; samples: number[][] } | undefined
  let last: number[][] = []
  const spreads: number[] = []
  while (!accepted && spreads.length < MAX_RUNS) {
    const samples = await interleavedCpu([floor, inline, pool], options.rounds, perRound)
    last = samples
    const ratios = samples.map(([f = 0, i = 1]) => f / i)
    const poolRatios = samples.map(([f = 0, , p = 1]) => f / p)
    const spread = Math.max(relativeSpread(ratios), relativeSpread(poolRatios))
    spreads.push(spread)
    const quiet = spread <= MAX_SPREAD
    console.log(
      `# verify run ${spreads.length}: floor/verifyBundle ${median(ratios).toFixed(3)}, with the pool ${median(poolRatios).toFixed(3)}, spread ${spread.toFixed(3)}${quiet ? '' : ` > ${MAX_SPREAD}: refused as noisy`}`,
    )
    if (quiet) accepted = { ratios, poolRatios, samples }
  }
  // The last run's figures when every run was refused: printed for the record, not reported.
  const micros = (index: number): number => round(median((accepted?.samples ?? last).map((s) => s[index] ?? 0)), 1)
  const speedup = await poolSpeedup(bundle.bytes, options.rounds)
  console.log(
    `# verify${accepted ? '' : ' (noisy)'}: floor ${micros(0)} µs, verifyBundle ${micros(1)} µs, with the pool ${micros(2)} µs CPU per bundle (${String(bundle.bytes.length)} bytes, ${String(bundle.events)} events); ${String(CONCURRENT_BUNDLES)} at once: ${speedup.toFixed(2)}x faster with the pool`,
  )
  return [
    ['verify_floor_ratio', accepted ? round(median(accepted.ratios)) : 'noisy'],
    ['verify_floor_ratio_pool', accepted ? round(median(accepted.poolRatios)) : 'noisy'],
    ['verify_floor_runs', spreads.length],
    ['verify_floor_spread', round(spreads[spreads.length - 1] ?? Number.NaN)],
    ['verify_floor_us', accepted ? micros(0) : 'noisy'],
    ['verify_bundle_us', accepted ? micros(1) : 'noisy'],
    ['verify_pool_speedup', round(speedup, 2)],
    ['verify_iterations', perRound * options.rounds * spreads.length],
    ['verify_bundle_bytes', bundle.bytes.length],
    ['verify_bundle_responses', bundle.responses],
    ['verify_bundle_events', bundle.events],
    ...(await profileVerifier(bundle, inline)),
  ]
}

/** Wall time of CONCURRENT_BUNDLES verified at once, main thread only over signatures on the pool: the median. */
async function poolSpeedup(bytes: Buffer, rounds: number): Promise<number> {
  const batch = async (signatureOffThread: boolean): Promise<number> => {
    const start = performance.now()
    await Promise.all(Array.from({ length: CONCURRENT_BUNDLES }, () => verifyBundle(bytes, { signatureOffThread })))
    return performance.now() - start
  }
  const ratios: number[] = []
  await batch(false)
  await batch(true)
  for (let r = 0; r < rounds * 5; r++) ratios.push((await batch(false)) / (await batch(true)))
  return median(ratios)
}
