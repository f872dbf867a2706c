/** Exit codes scripts can rely on: 0 all good (warnings allowed), 1 the input is invalid, 2 the command line is. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
