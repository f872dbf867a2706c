import type { Command } from 'commander'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { StationError } from '../core/station/stationFile'
import type { StationPublicInfo } from '../core/station/stationFile'
import { openOrCreateStation, readStationPublicInfo } from '../core/station/stationIdentity'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { readSecret } from './secretInput'
import { reportingTypedFailures } from './typedFailure'

export const STATION_PASSPHRASE_ENV = 'INVIGIL_STATION_PASSPHRASE'

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
  const station = await openOrCreateStation(dir, passphraseProtector(passphrase))
  ctx.io.out(`${exists ? 'opened existing' : 'created'} station ${station.stationId} in ${dir}\n`)
  return EXIT.ok
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
    .command('show')
    .description('print the station id and public key; needs no passphrase')
    .requiredOption('--data <dir>', 'the station data directory')
    .option('--json', 'print {stationId, publicKeyJwk, publicKeyPem} as JSON')
    .action(async (flags: { data: string; json?: boolean }) =>
      ctx.exit(await reportingTypedFailures(ctx.io, () => show(ctx, flags.data, flags.json === true))),
    )
}
