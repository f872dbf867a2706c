import type { ExitCode } from './exitCodes'
import type { CliIo } from './io'

/** What every `invigil` command is given: where to write, and how to end with an exit code; tests inject both. */
export interface CommandContext {
  io: CliIo
  exit(code: ExitCode): void
}
