import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { installSitting } from '../core/runtime/installSitting'
import { openStationRuntime } from '../core/runtime/stationRuntime'
import { StationError } from '../core/station/stationFile'
import type { StationPublicInfo } from '../core/station/stationFile'
import { openOrCreateStation, readStationPublicInfo } from '../core/station/stationIdentity'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { readSecret, UsageError } from './secretInput'
import { reportingTypedFailures } from './typedFailure'
import { resetCredentials } from './resetCredentialsCommand'
import { NEW_ADMIN_PASSWORD_ENV, NEW_PROCTOR_PIN_ENV } from './resetCredentialsCommand'
import type { ResetChoice } from './resetCredentialsCommand'
import { STATION_PASSPHRASE_ENV } from './stationPassphrase'

export { STATION_PASSPHRASE_ENV }

const describeStation = (info: StationPublicInfo): string =>
  `station ${info.stationId}\npublic key (Ed25519, JWK x): ${info.publicKeyJwk.x}\n${info.publicKeyPem}`

async function show(ctx: CommandContext, dir: string, json: boolean): Promise<ExitCode> {
  let info: StationPublicInfo
  try {
    info = await readStationPublicInfo(dir)
  } catch (error) {
    if (!(error instanceof StationError && error.code === 'STATION_NOT_FOUND')) throw error
    ctx.io.err(`invigil: error: ${error.message}; set one up with: invigil station init --data ${dir}\n`)
    return EXIT.invalid
  }
  const { stationId, publicKeyJwk, publicKeyPem } = info
  ctx.io.out(json ? `${JSON.stringify({ stationId, publicKeyJwk, publicKeyPem }, null, 2)}\n` : describeStation(info))
  return EXIT.ok
}

const MIN_NEW_PASSPHRASE = 12

/** Creates the station on first use; run again, it opens the station, which checks the passphrase. */
async function init(ctx: CommandContext, dir: string): Promise<ExitCode> {
  const exists = await readStationPublicInfo(dir).then(
    () => true,
    (error: unknown) => {
      if (error instanceof StationError && error.code === 'STATION_NOT_FOUND') return false
      throw error
    },
  )
  const passphrase = await readSecret(
    { envVar: STATION_PASSPHRASE_ENV, what: 'station passphrase', confirm: !exists },
    ctx.io,
  )
  // The passphrase guards the station key that signs every result: a new one is at least a short sentence long.
  if (!exists && [...passphrase].length < MIN_NEW_PASSPHRASE) {
    throw new UsageError(
      `the station passphrase must have at least ${String(MIN_NEW_PASSPHRASE)} characters (it has ${String([...passphrase].length)}); nothing was created`,
    )
  }
  const station = await openOrCreateStation(dir, passphraseProtector(passphrase))
  ctx.io.out(`${exists ? 'opened existing' : 'created'} station ${station.stationId} in ${dir}\n`)
  return EXIT.ok
}

/**
 * Installs a signed sitting file on the station in DIR, as the admin console's "Install sitting file" does: checked
 * against the authorities the station trusts (set in the admin console), then exam, seated roster, signed
 * environment policy and the sitting's record in one go.
 */
async function installSittingFile(ctx: CommandContext, dir: string, file: string): Promise<ExitCode> {
  const text = await readFile(file, 'utf8')
  // An existing station only: one made here would trust no authority, so the sitting could never install.
  await readStationPublicInfo(dir)
  const passphrase = await readSecret(
    { envVar: STATION_PASSPHRASE_ENV, what: 'station passphrase', confirm: false },
    ctx.io,
  )
  const runtime = await openStationRuntime({ dataDir: dir, protector: passphraseProtector(passphrase) })
  try {
    const { sitting, exam, installed } = await installSitting(runtime, text)
    ctx.io.out(
      `${installed ? 'installed' : 'already installed, nothing changed:'} sitting ${sitting.id}: ${sitting.title}\n` +
        `window: opens ${sitting.window.opensAt}, closes ${sitting.window.closesAt}\n` +
        `exam ${exam.id}: ${exam.title} (package sha256 ${exam.packageHash})\n` +
        `roster: ${String(sitting.candidates)} candidates on ${String(sitting.seats.length)} seats\n` +
        `environment policy: the sitting's (signed), over environment.yaml\n` +
        `room: ${sitting.room.address ?? 'address by discovery'}` +
        `${sitting.room.tlsSha256 ? `, TLS certificate sha256 ${sitting.room.tlsSha256}` : ''}\n` +
        `staff verifiers kept for later (${String(sitting.staff.length)}); this station's own admin password and PIN still apply\n` +
        `station ${runtime.station.stationId}\n`,
    )
    return EXIT.ok
  } finally {
    await runtime.close()
  }
}

/** `invigil station …`: the station's identity (Ed25519 key and protected master key) in a data directory. */
export function registerStationCommands(program: Command, ctx: CommandContext): void {
  const station = program
    .command('station')
    .description("set up and show this station's identity (signing key, master key)")

  station
    .command('init')
    .description(
      `create the station in DIR (or open it, checking the passphrase); passphrase from ${STATION_PASSPHRASE_ENV} or the terminal`,
    )
    .requiredOption('--data <dir>', 'the station data directory')
    .action(async (flags: { data: string }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => init(ctx, flags.data))),
    )

  station
    .command('install-sitting')
    .description(
      `install a signed sitting file (exam, seated roster, environment policy) on the station in DIR; passphrase from ${STATION_PASSPHRASE_ENV} or the terminal`,
    )
    .requiredOption('--data <dir>', 'the station data directory')
    .argument('<file>', 'the sitting file (from `invigil sitting build`)')
    .action(async (file: string, flags: { data: string }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => installSittingFile(ctx, flags.data, file))),
    )

  station
    .command('reset-credentials')
    .description(
      `set a new admin password (--admin) and/or proctor PIN (--proctor) on the set-up station in DIR, for staff who forgot theirs; needs the station passphrase (${STATION_PASSPHRASE_ENV} or the terminal); new secrets from ${NEW_ADMIN_PASSWORD_ENV} / ${NEW_PROCTOR_PIN_ENV} or asked twice at the terminal`,
    )
    .requiredOption('--data <dir>', 'the station data directory')
    .option('--admin', 'set a new admin password')
    .option('--proctor', 'set a new proctor PIN')
    .action(async (flags: { data: string } & Partial<ResetChoice>) =>
      ctx.exit(
        await reportingTypedFailures(ctx.io, () =>
          resetCredentials(ctx, flags.data, { admin: flags.admin === true, proctor: flags.proctor === true }),
        ),
      ),
    )

  station
    .command('show')
    .description('print the station id and public key; needs no passphrase')
    .requiredOption('--data <dir>', 'the station data directory')
    .option('--json', 'print {stationId, publicKeyJwk, publicKeyPem} as JSON')
    .action(async (flags: { data: string; json?: boolean }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => show(ctx, flags.data, flags.json === true))),
    )
}
