import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { InvalidArgumentError } from 'commander'
import type { Command } from 'commander'
import { expandBundleArgs } from '../core/results/bundleFiles'
import { openResultsStore } from '../core/results/openResultsStore'
import { isPostgresTarget, redactedUrl } from '../core/results/resultsStore'
import { createBundleIntake } from '../core/upload/bundleIntake'
import { createHttpsTransport, DEFAULT_TIMEOUT_MS } from '../core/upload/bundleTransport'
import { DEFAULT_MAX_BUNDLE_BYTES, startIntakeServer } from '../core/upload/intakeServer'
import { Outbox } from '../core/upload/outbox'
import type { OutboxEntry } from '../core/upload/outboxEntry'
import { DEFAULT_MAX_ATTEMPTS } from '../core/upload/outboxRun'
import type { OutboxEvent } from '../core/upload/outboxRun'
import { AUTHORITY_KEY_FLAG, AUTHORITY_KEY_HELP, readAuthorityKey } from './authorityKeyFile'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { UsageError } from './secretInput'
import { forTerminal } from './terminalText'
import { reportingTypedFailures } from './typedFailure'

interface RunFlags {
  outbox: string
  endpoint: string
  ca?: string
  concurrency: number
  maxAttempts: number
  timeout: number
}

interface IntakeFlags {
  port: number
  db: string
  host: string
  cert?: string
  key?: string
  dataDir?: string
  maxBytes: number
  authorityKey?: string
}

const wholeNumber =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value)
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`give a whole number from ${String(min)} to ${String(max)}.`)
    return n
  }

async function readPem(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
  })
}

async function enqueueCommand(ctx: CommandContext, paths: string[], flags: { outbox: string }): Promise<ExitCode> {
  const outbox = new Outbox(flags.outbox)
  let refused = 0
  for (const file of await expandBundleArgs(paths, flags.outbox)) {
    try {
      const { outcome } = await outbox.enqueue(file)
      ctx.io.out(`${outcome.replace('_', ' ')}: ${forTerminal(file)}\n`)
    } catch (error) {
      if (!(
        error instanceof Error &&
        'code' in error &&
        (error.code === 'NOT_A_BUNDLE' || error.code === 'UNREADABLE_FILE')
      ))
        throw error
      refused += 1
      ctx.io.err(`invigil: error: ${forTerminal(error.message)}\n`)
    }
  }
  return refused > 0 ? EXIT.invalid : EXIT.ok
}

function describeEvent(event: OutboxEvent): string | undefined {
  switch (event.type) {
    case 'sending':
      return undefined
    case 'delivered':
      return `delivered: ${event.entry.name} (${event.entry.delivery?.status ?? ''}, ${event.entry.sha256.slice(0, 12)}…)`
    case 'retrying':
      return `retry in ${(event.delayMs / 1000).toFixed(1)} s: ${event.entry.name}: ${event.entry.lastError?.code ?? ''} ${event.entry.lastError?.message ?? ''}`
    case 'failed':
      return `FAILED: ${event.entry.name}: ${event.entry.lastError?.code ?? ''} ${event.entry.lastError?.message ?? ''}`
    case 'stopped':
      return `stopped: ${event.problem.code}: ${event.problem.message}${event.problem.code.includes('CERT') ? ' (give the server CA with --ca)' : ''}`
  }
}

async function runCommand(ctx: CommandContext, flags: RunFlags): Promise<ExitCode> {
  const ca = flags.ca === undefined ? undefined : await readPem(flags.ca)
  const transport = createHttpsTransport({
    endpoint: flags.endpoint,
    timeoutMs: flags.timeout * 1000,
    maxSockets: flags.concurrency,
    ...(ca ? { ca } : {}),
  })
  // Ctrl-C stops between attempts; what is not yet confirmed stays queued for the next run.
  const stop = new AbortController()
  const onSignal = (): void => stop.abort()
  process.once('SIGINT', onSignal)
  try {
    const summary = await new Outbox(flags.outbox).run({
      transport,
      concurrency: flags.concurrency,
      maxAttempts: flags.maxAttempts,
      signal: stop.signal,
      onEvent: (event) => {
        const line = describeEvent(event)
        if (line !== undefined) ctx.io.out(`${forTerminal(line)}\n`)
      },
    })
    const { delivered, failed, pending, attempts } = summary
    ctx.io.out(
      `delivered=${String(delivered)} failed=${String(failed)} pending=${String(pending)} attempts=${String(attempts)}\n`,
    )
    return failed === 0 && pending === 0 ? EXIT.ok : EXIT.invalid
  } finally {
    process.off('SIGINT', onSignal)
    transport.close()
  }
}

const entryLine = (e: OutboxEntry): string =>
  [
    `${e.state.padEnd(9)} ${e.name}`,
    `attempts=${String(e.attempts)}`,
    e.nextAttemptAt ? `next=${e.nextAttemptAt}` : '',
    e.lastError ? `last error: ${e.lastError.code} ${e.lastError.message}` : '',
  ]
    .filter(Boolean)
    .join('  ')

async function statusCommand(ctx: CommandContext, flags: { outbox: string; json?: boolean }): Promise<ExitCode> {
  const status = await new Outbox(flags.outbox).status()
  if (flags.json === true) {
    ctx.io.out(`${JSON.stringify(status, null, 2)}\n`)
  } else {
    for (const entry of status.entries.filter((e) => e.state !== 'delivered'))
      ctx.io.out(`${forTerminal(entryLine(entry))}\n`)
    ctx.io.out(
      `pending=${String(status.pending)} delivered=${String(status.delivered)} failed=${String(status.failed)}\n`,
    )
  }
  return EXIT.ok
}

/** Runs until SIGINT or SIGTERM; the store stays open for the server's lifetime. */
async function intakeCommand(ctx: CommandContext, flags: IntakeFlags): Promise<ExitCode> {
  if ((flags.cert === undefined) !== (flags.key === undefined))
    throw new UsageError('give both --cert and --key, or neither')
  const tls =
    flags.cert !== undefined && flags.key !== undefined
      ? { cert: await readPem(flags.cert), key: await readPem(flags.key) }
      : undefined
  // Read before the store opens or the port is taken: a wrong key file fails the start, not every upload.
  const authorityPrivateKey = flags.authorityKey === undefined ? undefined : await readAuthorityKey(flags.authorityKey)
  const dataDir = flags.dataDir ?? (isPostgresTarget(flags.db) ? 'intake' : join(dirname(flags.db), 'intake'))
  const store = await openResultsStore(flags.db)
  try {
    const server = await startIntakeServer({
      intake: createBundleIntake({ store, dataDir, ...(authorityPrivateKey ? { authorityPrivateKey } : {}) }),
      host: flags.host,
      port: flags.port,
      maxBytes: flags.maxBytes,
      onError: (error) =>
        ctx.io.err(`invigil: intake error: ${forTerminal(error instanceof Error ? error.message : String(error))}\n`),
      ...(tls ? { tls } : {}),
    })
    const encrypted = authorityPrivateKey
      ? 'opening encrypted bundles'
      : 'refusing encrypted bundles (no --authority-key)'
    ctx.io.out(
      `intake listening on ${server.url}/bundles, storing into ${isPostgresTarget(flags.db) ? redactedUrl(flags.db) : flags.db}, ${encrypted}\n`,
    )
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await server.close()
  } finally {
    await store.close()
  }
  return EXIT.ok
}

/** `invigil upload …` (the station or admin PC's outbox) and `invigil intake` (the central office's server). */
export function registerUploadCommands(program: Command, ctx: CommandContext): void {
  const run = (command: () => Promise<ExitCode>): Promise<void> =>
    reportingTypedFailures(ctx.io, command).then(ctx.exit)
  const upload = program
    .command('upload')
    .description('send result bundles to the central office over HTTPS, with retries, resuming after restarts')

  upload
    .command('enqueue')
    .description('copy bundles into the outbox; the same bundle twice is queued once; a failed one is queued again')
    .argument('<paths...>', 'bundle files, or directories searched for *.jws and *.jwe')
    .requiredOption('--outbox <dir>', 'the outbox folder (created if missing)')
    .action(async (paths: string[], flags: { outbox: string }) => run(() => enqueueCommand(ctx, paths, flags)))

  upload
    .command('run')
    .description(
      'send queued bundles until each is confirmed by the server (its SHA-256 echoed back) or parked as failed',
    )
    .requiredOption('--outbox <dir>', 'the outbox folder')
    .requiredOption('--endpoint <url>', 'the intake server, https://HOST[:PORT]; bundles go to POST <url>/bundles')
    .option('--ca <file>', "PEM of the center's private CA, when the server certificate is not from a public one")
    .option('--concurrency <n>', 'bundles in flight at once (1 or 2)', wholeNumber(1, 2), 1)
    .option(
      '--max-attempts <n>',
      'attempts per bundle before it is parked as failed',
      wholeNumber(1, 1000),
      DEFAULT_MAX_ATTEMPTS,
    )
    .option('--timeout <seconds>', 'per request', wholeNumber(1, 3600), DEFAULT_TIMEOUT_MS / 1000)
    .addHelpText('after', '\nExit: 0 all delivered, 1 some failed or still pending (see `upload status`), 2 usage.\n')
    .action(async (flags: RunFlags) => run(() => runCommand(ctx, flags)))

  upload
    .command('status')
    .description('pending and failed bundles with their last error, and counts')
    .requiredOption('--outbox <dir>', 'the outbox folder')
    .option('--json', 'print every entry as JSON')
    .action(async (flags: { outbox: string; json?: boolean }) => run(() => statusCommand(ctx, flags)))

  program
    .command('intake')
    .description(
      'the reference intake server: POST /bundles verifies and imports bundles from enrolled stations, answering {sha256, status}',
    )
    .requiredOption('--port <port>', 'TCP port (0: any free one)', wholeNumber(0, 65535))
    .requiredOption('--db <target>', 'results database: a SQLite file (created if missing) or a postgres:// URL')
    .option('--host <address>', 'address to listen on; without --cert/--key only loopback is allowed', '127.0.0.1')
    .option('--cert <file>', 'TLS certificate (PEM)')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--data-dir <dir>', 'where quarantined bundles go (default: intake/ next to a SQLite db)')
    .option('--max-bytes <n>', 'largest bundle accepted', wholeNumber(1, 1024 * 1024 * 1024), DEFAULT_MAX_BUNDLE_BYTES)
    .option(AUTHORITY_KEY_FLAG, `${AUTHORITY_KEY_HELP}; without it they are refused and quarantined`)
    .action(async (flags: IntakeFlags) => run(() => intakeCommand(ctx, flags)))
}
