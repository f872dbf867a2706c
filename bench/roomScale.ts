import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { demoSeatLabels } from '../electron/core/demo/demoRoom'
import { LoadStation, runSlice } from './roomScaleLoad'
import { percentile, round, type Figures } from './stats'

/**
 * How many stations one room keeps up with. A real room server (`invigil room serve --demo --seats N`, its own
 * process, so its CPU and memory are its own) takes N simulated stations over loopback HTTP, each committing an
 * answer every 2 s and shipping it; the baseline is the same loop against a trivial echo server, also its own
 * process, so lags compare with this machine's own HTTP round trips. The two sides take turns in slices within
 * each step. A step is refused, not averaged, when the machine is busy: load average above `maxLoad` when it
 * begins, or a baseline p99/p50 above `maxBaselineSpread`.
 */
export interface RoomScaleOptions {
  dir: string
  /** Station counts, in order. */
  steps: readonly number[]
  /** Slices per side per step, each `sliceMs` long. */
  slices: number
  sliceMs: number
  maxLoad?: number
  maxBaselineSpread?: number
  log?: (line: string) => void
}

export interface RoomScaleRow {
  stations: number
  load: number
  refused?: string
  roomP50?: number
  roomP99?: number
  echoP50?: number
  echoP99?: number
  samples?: number
  errors?: number
  cpuMsPerStationS?: number
  /** The room's RSS at the end of the step (a fresh process per step), and that ÷ the stations: an upper bound. */
  rssMb?: number
  rssKbPerStation?: number
}

const root = resolve(import.meta.dirname, '..')
const LAG_LIMIT_MS = 1000
const ECHO_SERVER = `require('node:http').createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d));
  req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end(Buffer.concat(c)) }) })
  .listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port) })`

/** A child process and the first http:// URL it printed on stdout. */
async function startServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  for (let waited = 0; waited < 120_000; waited += 100) {
    const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1]
    if (url) return { child, url }
    if (child.exitCode !== null) break
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error(`${args.join(' ')} did not start:\n${out}\n${err}`)
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(10_000, undefined, { ref: false }).then(() => child.kill('SIGKILL'))])
}

/**
 * CPU ms (user + system) and RSS in kB of a process, from /proc (Linux). A station's own share of the RSS is below
 * what V8's heap grows and shrinks by between two readings, so the table gives the whole RSS and RSS ÷ N, a bound.
 */
function usage(pid: number): { cpuMs: number; rssKb: number } {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1]
  // USER_HZ is 100 on every Linux Node runs on.
  return { cpuMs: ticks * 10, rssKb: Number(rss ?? 0) }
}

const lagFigures = (stations: readonly LoadStation[], endMs: number) => {
  const lags = stations.flatMap((s) => [...s.lags, ...s.unacknowledged(endMs)])
  return lags.length === 0 ? undefined : { p50: percentile(lags, 50), p99: percentile(lags, 99), count: lags.length }
}

async function runStep(options: RoomScaleOptions, echoUrl: string, n: number): Promise<RoomScaleRow> {
  const load = round(loadavg()[0] ?? 0, 2)
  const maxLoad = options.maxLoad ?? 3
  if (load > maxLoad) return { stations: n, load, refused: `noisy: load average ${String(load)} > ${String(maxLoad)}` }
  const data = join(options.dir, `room-${String(n)}`)
  const room = await startServer([
    'bin/invigil.mjs',
    'room',
    'serve',
    '--demo',
    '--seats',
    String(n),
    '--data',
    data,
    '--port',
    '0',
  ])
  const seats = demoSeatLabels(n)
  const roomSide = seats.map((seat) => new LoadStation('demo-room', { url: room.url }, seat))
  const echoSide = seats.map((seat) => new LoadStation('demo-room', { url: echoUrl }, seat))
  try {
    const pid = room.child.pid ?? 0
    await Promise.all([...roomSide, ...echoSide].map((s) => s.open()))
    let cpuMs = 0
    for (let slice = 0; slice < options.slices; slice++) {
      // The order turns each slice, so neither side always runs right after the other's busiest moment.
      const order = slice % 2 === 0 ? ['room', 'echo'] : ['echo', 'room']
      for (const side of order) {
        if (side === 'echo') {
          await runSlice(echoSide, options.sliceMs)
          continue
        }
        const before = usage(pid).cpuMs
        await runSlice(roomSide, options.sliceMs)
        cpuMs += usage(pid).cpuMs - before
      }
    }
    const end = performance.now()
    const roomLag = lagFigures(roomSide, end)
    const echoLag = lagFigures(echoSide, end)
    const after = usage(pid)
    const row: RoomScaleRow = {
      stations: n,
      load,
      samples: roomLag?.count ?? 0,
      errors: roomSide.reduce((sum, s) => sum + s.errors, 0),
      cpuMsPerStationS: round(cpuMs / ((options.slices * options.sliceMs) / 1000) / n, 2),
      rssMb: round(after.rssKb / 1024, 1),
      rssKbPerStation: round(after.rssKb / n, 1),
      ...(roomLag ? { roomP50: round(roomLag.p50, 1), roomP99: round(roomLag.p99, 1) } : {}),
      ...(echoLag ? { echoP50: round(echoLag.p50, 1), echoP99: round(echoLag.p99, 1) } : {}),
    }
    const spread = echoLag ? echoLag.p99 / echoLag.p50 : Infinity
    const maxSpread = options.maxBaselineSpread ?? 5
    if (spread > maxSpread) row.refused = `noisy: baseline p99/p50 ${String(round(spread, 1))} > ${String(maxSpread)}`
    const failing = roomSide.find((s) => s.errors > 0)
    if (failing)
      options.log?.(
        `# room scale: ${String(n)} stations: ${String(row.errors)} failed shipments, e.g. ${failing.lastError}`,
      )
    return row
  } finally {
    for (const station of [...roomSide, ...echoSide]) station.close()
    await stop(room.child)
  }
}

const cell = (value: number | string | undefined): string => (value === undefined ? '-' : String(value))

export function formatTable(rows: readonly RoomScaleRow[]): string {
  const head = [
    'stations',
    'load',
    'lag p50 ms',
    'lag p99 ms',
    'echo p50',
    'echo p99',
    'p99 ratio',
    'samples',
    'errors',
    'cpu ms/station/s',
    'rss MB',
    'rss/N kB',
    'verdict',
  ]
  const lines = rows.map((row) => {
    const ratio = row.roomP99 !== undefined && row.echoP99 ? round(row.roomP99 / row.echoP99, 1) : undefined
    const verdict = row.refused
      ? `refused: ${row.refused}`
      : (row.roomP99 ?? Infinity) < LAG_LIMIT_MS && row.errors === 0
        ? 'ok'
        : 'BREAKS'
    return [
      row.stations,
      row.load,
      row.roomP50,
      row.roomP99,
      row.echoP50,
      row.echoP99,
      ratio,
      row.samples,
      row.errors,
      row.cpuMsPerStationS,
      row.rssMb,
      row.rssKbPerStation,
      verdict,
    ].map(cell)
  })
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]?.length ?? 0)))
  return [head, ...lines].map((line) => `| ${line.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`).join('\n')
}

/** The largest N whose lag p99 stays under 1 s, and the first that does not, among the steps not refused. */
export function verdictOf(rows: readonly RoomScaleRow[]): { largestOk?: number; breaksAt?: number; refused: number } {
  const measured = rows.filter((row) => !row.refused)
  const ok = (row: RoomScaleRow): boolean => (row.roomP99 ?? Infinity) < LAG_LIMIT_MS && row.errors === 0
  const largestOk = measured.filter(ok).at(-1)?.stations
  const breaksAt = measured.find((row) => !ok(row))?.stations
  return {
    ...(largestOk === undefined ? {} : { largestOk }),
    ...(breaksAt === undefined ? {} : { breaksAt }),
    refused: rows.length - measured.length,
  }
}

export async function runRoomScaleBench(
  options: RoomScaleOptions,
): Promise<{ rows: RoomScaleRow[]; table: string; figures: Figures }> {
  const echo = await startServer(['-e', ECHO_SERVER])
  const rows: RoomScaleRow[] = []
  try {
    for (const n of options.steps) {
      const row = await runStep(options, echo.url, n)
      options.log?.(
        `# room scale: ${String(n)} stations: ${row.refused ? `refused: ${row.refused}` : `lag p99 ${cell(row.roomP99)} ms (echo ${cell(row.echoP99)} ms)`}`,
      )
      rows.push(row)
    }
  } finally {
    await stop(echo.child)
  }
  const table = formatTable(rows)
  const verdict = verdictOf(rows)
  const figures: Figures = [
    ['room_scale_largest_ok_stations', verdict.largestOk ?? 0],
    ['room_scale_breaks_at_stations', verdict.breaksAt ?? 'none'],
    ['room_scale_refused_steps', verdict.refused],
  ]
  for (const row of rows.filter((r) => !r.refused && r.roomP99 !== undefined && r.echoP99)) {
    figures.push([`room_scale_${String(row.stations)}_p99_ratio`, round((row.roomP99 ?? 0) / (row.echoP99 ?? 1))])
    figures.push([`room_scale_${String(row.stations)}_cpu_ms_per_station_s`, row.cpuMsPerStationS ?? 0])
  }
  return { rows, table, figures }
}
