import type { Command, Option } from 'commander'

/**
 * The usage error that helps first: a mistyped option (`--formt csv`) is reported as unknown, with commander's
 * "did you mean", not as the required `--format` it hides. Commander checks required options before unknown ones,
 * so the required marks are taken off every command and checked here, in a preAction hook, which commander runs
 * after its unknown-option and argument checks. The message is commander's own.
 */
export function checkRequiredOptionsAfterUnknown(program: Command): void {
  const required = new Set<Option>()
  const visit = (command: Command): void => {
    for (const option of command.options) {
      if (!option.mandatory) continue
      required.add(option)
      option.mandatory = false
    }
    command.commands.forEach(visit)
  }
  visit(program)

  program.hook('preAction', (_program, actionCommand) => {
    for (let command: Command | null = actionCommand; command; command = command.parent) {
      for (const option of command.options)
        if (required.has(option) && command.getOptionValue(option.attributeName()) === undefined)
          command.error(`error: required option '${option.flags}' not specified`, {
            code: 'commander.missingMandatoryOptionValue',
          })
    }
  })
}

/** Commander puts its suggestion on a second line; a usage error stays one line, so scripts can read it. */
export const oneLineUsageError = (message: string, write: (text: string) => void): void =>
  write(message.replace(/\n\(Did you mean /g, ' (Did you mean '))
