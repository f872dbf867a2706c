/**
 * Text from outside (a candidate's name in a bundle, a file name on a USB stick, a server's reply) printed to a
 * terminal: a control character in it would be obeyed, not shown (`ESC [2J` clears the screen, others retitle the
 * window or fake earlier lines), so every CLI printer passes such text through here. Control characters (C0 with
 * tab and newline, DEL, C1, the line and paragraph separators) and bidirectional overrides come out as visible
 * escapes (`\x1b`, `\u202e`). Backslashes stay as they are, so Windows paths read as typed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const escape = (char: string): string => {
  const code = char.charCodeAt(0)
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

export const forTerminal = (text: string): string => text.replace(UNSAFE, escape)

// The same characters but newline and tab: for whole printouts, whose lines are the printer's own.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** A printout of several lines made safe as a whole: every control character but newline and tab is escaped. */
export const linesForTerminal = (text: string): string => text.replace(UNSAFE_IN_LINES, escape)
