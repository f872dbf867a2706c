import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { median, relativeSpread } from './cpuTime'
import { round, type Figures } from './stats'

/**
 * Start-up of `invigil --help` and of the browser host (spawn until it prints its URL, on a station whose bank is
 * already installed: a restart), each over `node -e 0` started in the same round, so a busy machine slows all three
 * alike. The three take turns round by round; a run whose per-round ratios disagree by more than MAX_SPREAD is
 * refused and run again, up to MAX_RUNS, and the figures are `noisy` when no run was quiet. Runs the CLI as
 * `node bin/invigil.mjs` does for a user: the pre-built out/cli when it is current (the summary says which).
 */
export interface StartBenchOptions {
  dir: string
  rounds: number
}

const root = resolve(import.meta.dirname, '..')
const BANK = resolve(root, 'banks/it-customer-service-certification-2026.yaml')
const ENV = { ...process.env, INVIGIL_STATION_PASSPHRASE: 'bench station passphrase' }
const MAX_SPREAD = 0.25
const MAX_RUNS = 3

/** Seconds from spawn until `ready` sees the output (or the process exits 0); the process is then stopped. */
function timeStart(args: string[], ready?: RegExp): Promise<number> {
  return new Promise((done, failed) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, { cwd: root, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let readyAt: number | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (ready && readyAt === undefined && ready.test(out)) {
        readyAt = performance.now()
        child.kill('SIGTERM')
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => {
      const at = readyAt ?? (code === 0 && !ready ? performance.now() : undefined)
      if (at === undefined) failed(new Error(`${args.join(' ')} exited ${String(code)} before it was ready:\n${out}`))
      else done((at - started) / 1000)
    })
  })
}

export async function runStartBench(options: StartBenchOptions): Promise<Figures> {
  const data = mkdtempSync(join(options.dir, 'start-'))
  const node = (): Promise<number> => timeStart(['-e', '0'])
  const help = (): Promise<number> => timeStart(['bin/invigil.mjs', '--help'])
  const host = (): Promise<number> =>
    timeStart(['bin/invigil.mjs', 'host', '--port', '0', '--data', data, '--bank', BANK], /^http:\/\/\S+\/$/m)
  try {
    // The first start creates the station and installs the bank; every measured one is a restart.
    await host()
    const { builtCliIsFresh } = await import('../bin/builtCli.mjs')
    const built = builtCliIsFresh() && process.env.INVIGIL_CLI_FROM_SOURCE !== '1'
    let accepted: number[][] | undefined
    let last: number[][] = []
    const spreads: number[] = []
    while (!accepted && spreads.length < MAX_RUNS) {
      const samples: number[][] = []
      for (let r = 0; r < options.rounds; r++) samples.push([await node(), await help(), await host()])
      last = samples
      const helpRatios = samples.map(([n = 1, h = 0]) => h / n)
      const hostRatios = samples.map(([n = 1, , s = 0]) => s / n)
      const spread = Math.max(relativeSpread(helpRatios), relativeSpread(hostRatios))
      spreads.push(spread)
      const quiet = spread <= MAX_SPREAD
      console.log(
        `# start run ${String(spreads.length)}: --help ${median(helpRatios).toFixed(2)}x, host ${median(hostRatios).toFixed(2)}x node -e 0, spread ${spread.toFixed(3)}${quiet ? '' : ` > ${String(MAX_SPREAD)}: refused as noisy`}`,
      )
      if (quiet) accepted = samples
    }
    const seconds = (index: number): number => round(median((accepted ?? last).map((s) => s[index] ?? 0)), 3)
    const ratio = (index: number): number | string =>
      accepted ? round(median(accepted.map((s) => (s[index] ?? 0) / (s[0] ?? 1))), 2) : 'noisy'
    console.log(
      `# start${accepted ? '' : ' (noisy)'}: node -e 0 ${String(seconds(0))} s, invigil --help ${String(seconds(1))} s, host ${String(seconds(2))} s (${built ? 'pre-built out/cli' : 'from source through tsx'})`,
    )
    return [
      ['cli_help_s', ratio(1)],
      ['host_start_s', ratio(2)],
      ['start_node_s', seconds(0)],
      ['start_cli_help_abs_s', seconds(1)],
      ['start_host_abs_s', seconds(2)],
      ['start_runs', spreads.length],
      ['start_spread', round(spreads[spreads.length - 1] ?? Number.NaN)],
      ['start_cli_built', built],
    ]
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}
