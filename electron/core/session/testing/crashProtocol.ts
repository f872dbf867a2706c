import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

/** How a parent (test or benchmark) drives crashChild.ts and reads what it acknowledged. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..')
export const CRASH_CHILD = join(REPO_ROOT, 'electron', 'core', 'session', 'testing', 'crashChild.ts')

export const crashChildResponse = (i: number): string => `answer-${String(i)}`
export const crashChildItem = (i: number, items: number): string => `q${String(i % items)}`

export interface CrashChildOptions {
  db: string
  masterKeyHex: string
  answers?: number
  pin?: string
  items?: number
  intervalMs?: number
  /** WAL checkpoint policy of the child (walCheckpoints.ts); default: the station's. */
  checkpointIdleMs?: number
  checkpointBound?: number
  /** A prebuilt JavaScript child to run with plain node (the benchmark bundles crashChild.ts once); default: tsx. */
  childScript?: string
}

/** When to SIGKILL: after that many acknowledgements, or `delayMs` after the child announced its running session. */
export type KillPoint = number | { delayMs: number }

export interface CrashAck {
  i: number
  unitId: string
  revision: number
  savedAt: string
  remainingMs: number
}

export interface CrashRun {
  sessionId: string
  acks: CrashAck[]
  /** True if the child finished all answers before the kill landed. */
  done: boolean
}

export const crashChildArgs = (o: CrashChildOptions): string[] => [
  ...(o.childScript ? [o.childScript] : ['--import', 'tsx', CRASH_CHILD]),
  '--db',
  o.db,
  '--master-key',
  o.masterKeyHex,
  '--answers',
  String(o.answers ?? 1_000_000),
  '--items',
  String(o.items ?? 20),
  '--pin',
  o.pin ?? '24681357',
  '--interval-ms',
  String(o.intervalMs ?? 0),
  '--checkpoint-idle-ms',
  String(o.checkpointIdleMs ?? 500),
  '--checkpoint-bound',
  String(o.checkpointBound ?? 100),
]

/** Starts the child and SIGKILLs it at `killAfter` (a number of acknowledged answers, or a delay). */
export function runAndKill(options: CrashChildOptions, killAfter: KillPoint): Promise<CrashRun> {
  const child = spawn(process.execPath, crashChildArgs(options), { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const run: CrashRun = { sessionId: '', acks: [], done: false }
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('SESSION ')) {
      run.sessionId = line.slice('SESSION '.length)
      if (typeof killAfter === 'object') setTimeout(() => child.kill('SIGKILL'), killAfter.delayMs)
    } else if (line === 'DONE') run.done = true
    else if (line.startsWith('ACK ')) {
      run.acks.push(JSON.parse(line.slice('ACK '.length)) as CrashAck)
      if (run.acks.length === killAfter) child.kill('SIGKILL')
    }
  })
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' || run.done) resolvePromise(run)
      else reject(new Error(`crash child exited with ${String(code)}: ${stderr}`))
    })
  })
}
