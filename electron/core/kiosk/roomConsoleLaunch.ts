/**
 * The proctor's PC runs the room (`invigil room serve`), whose console is served to loopback browsers only. The app
 * started as `Invigil --room-console http://127.0.0.1:PORT/` opens that console in a plain window instead of the
 * kiosk: no station is opened, no preload, and the window may reach nothing but that one loopback origin.
 */
export type RoomConsoleLaunch =
  { kind: 'station' } | { kind: 'console'; url: string; origin: string } | { kind: 'refused'; message: string }

const FLAG = '--room-console'
const HOW_TO = `Give the URL \`invigil room serve\` prints, e.g. ${FLAG} http://127.0.0.1:8770/`

/** The value of --room-console in argv (either `--room-console URL` or `--room-console=URL`), if any. */
function flagValue(argv: readonly string[]): string | null | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? ''
    if (arg === FLAG) return argv[index + 1] ?? null
    if (arg.startsWith(`${FLAG}=`)) return arg.slice(FLAG.length + 1)
  }
  return undefined
}

/** 127.0.0.0/8, ::1 and localhost: the console refuses every other peer, so any other host would be a mistake. */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true
  const octets = hostname.split('.')
  return (
    octets.length === 4 && octets[0] === '127' && octets.every((part) => /^\d{1,3}$/.test(part) && Number(part) < 256)
  )
}

export function roomConsoleLaunchFrom(argv: readonly string[]): RoomConsoleLaunch {
  const value = flagValue(argv)
  if (value === undefined) return { kind: 'station' }
  if (value === null || value.startsWith('--'))
    return { kind: 'refused', message: `${FLAG} needs the room's URL. ${HOW_TO}` }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { kind: 'refused', message: `${FLAG} ${JSON.stringify(value)} is not a URL. ${HOW_TO}` }
  }
  if (url.protocol !== 'http:')
    return { kind: 'refused', message: `${FLAG} must be an http:// URL on this PC (got ${url.protocol}). ${HOW_TO}` }
  if (!isLoopbackHostname(url.hostname))
    return {
      kind: 'refused',
      message: `${FLAG} must name this PC (127.0.0.1, ::1 or localhost), not ${url.hostname}: the room serves its console to this PC only. ${HOW_TO}`,
    }
  if (url.username !== '' || url.password !== '')
    return { kind: 'refused', message: `${FLAG} must not carry a user name or password. ${HOW_TO}` }
  return { kind: 'console', url: `${url.origin}/#room`, origin: url.origin }
}
