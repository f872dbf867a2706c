import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_INPUT_BYTES,
  inputBytes,
  inputLimitOf,
  inputTooLargeMessage,
  MAX_PACKAGE_CHARS,
  MAX_ROSTER_CHARS,
} from './inputLimits'
import { openStaffStation } from './testing/staffFixture'
import type { StaffStation } from './testing/staffFixture'

const MB = 1024 * 1024
const token = 'a'.repeat(43)

describe('the input limits', () => {
  it('leave room for the largest package and roster the schemas allow, as JSON', () => {
    const pkg = { token, packageText: 'e'.repeat(MAX_PACKAGE_CHARS), startPassword: 'p'.repeat(1000) }
    expect(inputBytes(pkg)).toBeLessThanOrEqual(inputLimitOf('admin.installPackage'))
    // The most a roster may hold, in short CRLF lines: each line end doubles as JSON escapes.
    const line = 'C-00001,Wang,A-01\r\n'
    const roster = { token, csvText: line.repeat(Math.ceil(MAX_ROSTER_CHARS / line.length)).slice(0, MAX_ROSTER_CHARS) }
    expect(inputBytes(roster)).toBeLessThanOrEqual(inputLimitOf('admin.importRoster'))
    // Names in Chinese take three bytes a character: the byte limit, the same on both transports, decides first.
    const chinese = { token, csvText: 'C-00001,王小明,A-01\r\n'.repeat(170_000) }
    expect(inputBytes(chinese)).toBeLessThanOrEqual(inputLimitOf('admin.importRoster'))
    expect(inputLimitOf('admin.installSitting')).toBeGreaterThan(inputLimitOf('admin.installPackage'))
  })

  it('give every other method, and any unknown name, the default', () => {
    expect(inputLimitOf('session.saveAnswer')).toBe(DEFAULT_INPUT_BYTES)
    expect(inputLimitOf('no.suchMethod')).toBe(DEFAULT_INPUT_BYTES)
    expect(inputLimitOf('toString')).toBe(DEFAULT_INPUT_BYTES)
    expect(inputTooLargeMessage('admin.importRoster')).toBe(
      `the input of admin.importRoster is at most ${String(MAX_ROSTER_CHARS + MB)} bytes of JSON`,
    )
  })
})

describe('the contract validation', () => {
  let station: StaffStation
  beforeAll(async () => {
    station = await openStaffStation()
  })
  afterAll(async () => station.close())

  it('refuses an input over its method limit before parsing it, with the limit in the message', async () => {
    const answer = { unitId: 'q1', response: 'y'.repeat(DEFAULT_INPUT_BYTES) }
    expect(await station.failed('session.saveAnswer', answer)).toEqual({
      code: 'VALIDATION_FAILED',
      message: inputTooLargeMessage('session.saveAnswer'),
    })
    const roster = { token, csvText: 'x'.repeat(inputLimitOf('admin.importRoster')) }
    expect(await station.failed('admin.importRoster', roster)).toEqual({
      code: 'VALIDATION_FAILED',
      message: inputTooLargeMessage('admin.importRoster'),
    })
  })

  it('lets a 1 MB package and roster through to the handler (which wants a signed-in admin)', async () => {
    const roster = await station.failed('admin.importRoster', { token, csvText: 'x'.repeat(MB) })
    expect(roster.code).toBe('AUTH_REQUIRED')
    const pkg = await station.failed('admin.installPackage', { token, packageText: 'x'.repeat(MB) })
    expect(pkg.code).toBe('AUTH_REQUIRED')
  })
})
