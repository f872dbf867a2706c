import type { CliIo } from './io'
import { readSecret } from './secretInput'

export const STATION_PASSPHRASE_ENV = 'INVIGIL_STATION_PASSPHRASE'

/** The station passphrase, as every `invigil station …` command takes it: the environment, else a no-echo prompt. */
export const readStationPassphrase = (io: CliIo, confirm = false): Promise<string> =>
  readSecret({ envVar: STATION_PASSPHRASE_ENV, what: 'station passphrase', confirm }, io)
