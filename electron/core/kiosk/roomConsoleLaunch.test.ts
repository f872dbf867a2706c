import { describe, expect, it } from 'vitest'
import { navigationPolicy } from './navigationPolicy'
import { roomConsoleLaunchFrom } from './roomConsoleLaunch'

const ELECTRON = ['/opt/Invigil/invigil', '--no-sandbox-is-not-ours']

describe('roomConsoleLaunchFrom', () => {
  it('starts the kiosk station when the flag is absent', () => {
    expect(roomConsoleLaunchFrom(ELECTRON)).toEqual({ kind: 'station' })
  })

  it.each([
    [['--room-console', 'http://127.0.0.1:8770/'], 'http://127.0.0.1:8770'],
    [['--room-console=http://127.0.0.1:8770'], 'http://127.0.0.1:8770'],
    [['--room-console', 'http://localhost:9000/anything?x=1#seat'], 'http://localhost:9000'],
    [['--room-console', 'http://[::1]:8770/'], 'http://[::1]:8770'],
    [['--room-console', 'http://127.4.5.6:8770/'], 'http://127.4.5.6:8770'],
  ])('opens the Room screen of the loopback room %j', (args, origin) => {
    expect(roomConsoleLaunchFrom([...ELECTRON, ...args])).toEqual({ kind: 'console', url: `${origin}/#room`, origin })
  })

  it.each([
    [['--room-console'], "needs the room's URL"],
    [['--room-console', '--kiosk'], "needs the room's URL"],
    [['--room-console', 'room'], 'is not a URL'],
    [['--room-console', 'https://127.0.0.1:8770/'], 'must be an http:// URL'],
    [['--room-console', 'file:///etc/passwd'], 'must be an http:// URL'],
    [['--room-console', 'javascript:alert(1)'], 'must be an http:// URL'],
    [['--room-console', 'http://192.168.1.20:8770/'], 'not 192.168.1.20'],
    [['--room-console', 'http://example.org/'], 'not example.org'],
    [['--room-console', 'http://127.0.0.1.evil.org:8770/'], 'not 127.0.0.1.evil.org'],
    [['--room-console', 'http://proctor:pin@127.0.0.1:8770/'], 'user name or password'],
  ])('refuses %j with a message that says how to fix it', (args, wrong) => {
    const launch = roomConsoleLaunchFrom([...ELECTRON, ...args])
    expect(launch.kind).toBe('refused')
    if (launch.kind !== 'refused') return
    expect(launch.message).toContain(wrong)
    expect(launch.message).toContain('invigil room serve')
  })

  it("keeps the console window on the room's origin: other ports, hosts and schemes are denied", () => {
    const launch = roomConsoleLaunchFrom(['--room-console', 'http://127.0.0.1:8770/'])
    if (launch.kind !== 'console') throw new Error('expected the console')
    expect(navigationPolicy('http://127.0.0.1:8770/#room', launch.origin)).toBe('allow')
    expect(navigationPolicy('http://127.0.0.1:8771/#room', launch.origin)).toBe('deny')
    expect(navigationPolicy('http://localhost:8770/#room', launch.origin)).toBe('deny')
    expect(navigationPolicy('https://example.org/', launch.origin)).toBe('deny')
    expect(navigationPolicy('app://invigil/index.html', launch.origin)).toBe('deny')
  })
})
