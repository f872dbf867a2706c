import { describe, expect, it } from 'vitest'
import { sittingRoomUrl } from './stationRoomConnection'

// The kiosk app finds its room by the address the installed sitting names (host:port). Used as it stands, that
// address is no URL at all ("192.168.10.5:8443/room/v1/join" does not parse), so the link never reached the room.
describe('the room URL from the sitting', () => {
  it('is https when the sitting pins the room certificate, http otherwise, and one the link can request', () => {
    const pinned = sittingRoomUrl({ address: '192.168.10.5:8443', tlsSha256: 'ab'.repeat(32) })
    expect(pinned).toBe('https://192.168.10.5:8443')
    expect(new URL(`${pinned ?? ''}/room/v1/join`).host).toBe('192.168.10.5:8443')
    expect(sittingRoomUrl({ address: '127.0.0.1:4750', tlsSha256: null })).toBe('http://127.0.0.1:4750')
    expect(sittingRoomUrl({ address: '[fd00::5]:8443', tlsSha256: 'ab'.repeat(32) })).toBe('https://[fd00::5]:8443')
    expect(sittingRoomUrl({ address: null, tlsSha256: 'ab'.repeat(32) })).toBeUndefined()
    expect(() => new URL('192.168.10.5:8443/room/v1/join')).toThrow()
  })
})
