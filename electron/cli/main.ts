import { Command, CommanderError } from 'commander'
import { registerAuthorityCommands } from './authorityCommands'
import { registerBankCommands } from './bankCommands'
import { registerBundleCommands } from './bundleCommands'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { registerHostCommand } from './hostCommand'
import { processIo } from './io'
import type { CliIo } from './io'
import { registerPackageCommands } from './packageCommands'
import { registerRehearseCommand } from './rehearseCommand'
import { registerResultsCommands } from './resultsCommands'
import { registerRoomCommands } from './roomCommands'
import { registerSittingCommands } from './sittingCommands'
import { registerStationCommands } from './stationCommands'
import { registerUploadCommands } from './uploadCommands'
import { checkRequiredOptionsAfterUnknown, oneLineUsageError } from './usageErrorOrder'

/**
 * The `invigil` command. Returns the exit code instead of exiting, so tests can run it in-process and
 * bin/invigil.mjs can let pending output drain.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode: ExitCode = EXIT.ok
  const program = new Command('invigil')
    .description('Invigil: offline exam delivery for testing centers.')
    // Set before any subcommand is added: commander copies these settings into each subcommand.
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: oneLineUsageError })
  const ctx = {
    io,
    exit: (code: ExitCode) => {
      exitCode = code
    },
  }
  registerBankCommands(program, ctx)
  registerAuthorityCommands(program, ctx)
  registerPackageCommands(program, ctx)
  registerSittingCommands(program, ctx)
  registerStationCommands(program, ctx)
  registerBundleCommands(program, ctx)
  registerResultsCommands(program, ctx)
  registerUploadCommands(program, ctx)
  registerHostCommand(program, ctx)
  registerRehearseCommand(program, ctx)
  registerRoomCommands(program, ctx)
  checkRequiredOptionsAfterUnknown(program)

  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    // Help and version end in a CommanderError with exit code 0; every other CommanderError is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    throw error
  }
  return exitCode
}
