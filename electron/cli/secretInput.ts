import { ReadStream } from 'node:tty'
import type { CliIo } from './io'

/** The command line cannot be carried out as given (exit 2): e.g. a secret is needed but there is no way to ask. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly code = 'USAGE'
}

export interface SecretRequest {
  /** Read from this environment variable when set, for scripts and CI. */
  envVar: string
  /** What to call it in prompts and messages, e.g. "station passphrase". */
  what: string
  /** Ask twice, for a secret being chosen rather than recalled. */
  confirm: boolean
}

/** Reads a passphrase or password: from the environment, else from the terminal without echo, else a usage error. */
export async function readSecret(request: SecretRequest, io: CliIo): Promise<string> {
  const fromEnv = process.env[request.envVar]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const input = process.stdin
  if (!(input instanceof ReadStream) || !input.isTTY) {
    throw new UsageError(
      `a ${request.what} is needed: set ${request.envVar}, or run the command in a terminal to be asked for it`,
    )
  }
  const first = await promptHidden(input, `${request.what}: `, io)
  if (request.confirm && (await promptHidden(input, `${request.what} (again): `, io)) !== first) {
    throw new UsageError(`the two ${request.what}s differ; nothing was changed`)
  }
  return first
}

/** Raw mode, so the terminal echoes nothing: the secret never appears on screen or in a scrollback buffer. */
function promptHidden(input: ReadStream, prompt: string, io: CliIo): Promise<string> {
  // Raw mode before the prompt shows, so nothing typed after it is echoed in the terminal's cooked mode.
  input.setRawMode(true)
  io.err(prompt)
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (error?: Error): void => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      io.err('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: string): void => {
      if (chunk.startsWith('\u001b')) return // arrow keys and other escape sequences
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish()
        if (char === '\u0003' || (char === '\u0004' && value === ''))
          return finish(new UsageError('cancelled at the prompt'))
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('')
        else if (char >= ' ') value += char
      }
    }
    input.setEncoding('utf8')
    input.on('data', onData)
    input.resume()
  })
}
