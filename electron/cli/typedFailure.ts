import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import type { CliIo } from './io'
import { UsageError } from './secretInput'
import { forTerminal } from './terminalText'

/**
 * Runs a command; a typed error (one with a string `code`: a wrong passphrase, an untrusted package, a missing
 * file) becomes one line on stderr, escaped (it may quote a file name or a server's words), and exit 1, or 2 for a
 * usage error. Anything else is a bug and propagates.
 */
export async function reportingTypedFailures(io: CliIo, command: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await command()
  } catch (error) {
    if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') throw error
    io.err(`invigil: error: ${forTerminal(error.message)}\n`)
    return error instanceof UsageError ? EXIT.usage : EXIT.invalid
  }
}
