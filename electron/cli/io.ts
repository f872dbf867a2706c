import { linesForTerminal } from './terminalText'

/** Where the CLI writes; injected so commands run in-process under test without spawning. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
}

/**
 * Writes to a stream; to a terminal, control characters in the text are shown escaped rather than obeyed, whatever
 * command printed them (printers escape outside text themselves too; this is the last line of defence). A pipe or
 * file gets the bytes as printed.
 */
export function streamIo(out: TextStream, err: TextStream): CliIo {
  const writer = (stream: TextStream) => (text: string) =>
    void stream.write(stream.isTTY === true ? linesForTerminal(text) : text)
  return { out: writer(out), err: writer(err) }
}

interface TextStream {
  isTTY?: boolean
  write(text: string): unknown
}

export const processIo: CliIo = streamIo(process.stdout, process.stderr)
