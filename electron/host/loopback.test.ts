import { describe, expect, it } from 'vitest'
import { isLoopbackAddress } from './loopback'

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])('accepts %s', (host) => {
    expect(isLoopbackAddress(host)).toBe(true)
  })
  it.each(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.org', '', '128.0.0.1', '::ffff:10.0.0.1'])(
    'refuses %s',
    (host) => {
      expect(isLoopbackAddress(host)).toBe(false)
    },
  )
})
