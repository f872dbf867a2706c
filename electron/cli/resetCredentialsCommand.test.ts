import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHandlers, createDispatch, type ApiDispatch } from '../core/api/handlers'
import { LOCKOUT_AFTER_FAILURES } from '../core/base/staffLockout'
import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { openStationRuntime, STATION_DB_FILE, type StationRuntime } from '../core/runtime/stationRuntime'
import { FAST_PIN, installInput } from '../core/runtime/testing/runtimeFixture'
import { main } from './main'
import { NEW_ADMIN_PASSWORD_ENV, NEW_PROCTOR_PIN_ENV } from './resetCredentialsCommand'
import { STATION_PASSPHRASE_ENV } from './stationPassphrase'

/**
 * Issue 11.4: forgotten staff secrets are reset only with the station's own secret. Each test performs the attack
 * (a wrong passphrase, none, rows deleted, a weak new secret) and shows nothing changed, or the honest reset and
 * that the station still opens, refuses the old secrets and signs results that verify.
 */
const PASSPHRASE = 'station passphrase for the test'
const OLD_ADMIN = 'the old admin password'
const OLD_PIN = '135790'
const NEW_ADMIN = 'a brand new admin password'
const NEW_PIN = '86420097'
const ENV = [STATION_PASSPHRASE_ENV, NEW_ADMIN_PASSWORD_ENV, NEW_PROCTOR_PIN_ENV]

async function run(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

const setEnv = (values: Record<string, string | undefined>): void => {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name)
    else process.env[name] = value
  }
}

let dir: string
let data: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-reset-credentials-'))
  data = join(dir, 'station')
  await station(async ({ call }) => {
    expect(await call('admin.setup', { adminPassword: OLD_ADMIN, proctorPin: OLD_PIN })).toBe('ok')
  })
})
afterEach(() => {
  setEnv(Object.fromEntries(ENV.map((name) => [name, undefined])))
  rmSync(dir, { recursive: true, force: true })
})

type Call = (method: string, input: unknown) => Promise<string>

/** Opens the station (its seal verified at open) with the API over it; `call` gives 'ok' or the error code. */
async function station<T>(
  use: (api: { runtime: StationRuntime; call: Call; dispatch: ApiDispatch }) => Promise<T>,
): Promise<T> {
  const runtime = await openStationRuntime({
    dataDir: data,
    protector: passphraseProtector(PASSPHRASE),
    pinParams: FAST_PIN,
  })
  const dispatch = createDispatch(
    createApiHandlers(runtime, { transport: 'browser-host', appVersion: 'test', log: () => undefined }),
  )
  const call: Call = async (method, input) => {
    const result = await dispatch(method, input)
    return result.ok ? 'ok' : result.error.code
  }
  try {
    return await use({ runtime, call, dispatch })
  } finally {
    await runtime.close()
  }
}

const logins = (call: Call) =>
  Promise.all([
    call('admin.login', { password: OLD_ADMIN }),
    call('admin.login', { password: NEW_ADMIN }),
    call('proctor.login', { pin: OLD_PIN }),
    call('proctor.login', { pin: NEW_PIN }),
  ])

/** The credential rows and the seal, byte for byte: "nothing changed" is checked on the file, not on a message. */
function credentialRows(): unknown[] {
  const raw = new Database(join(data, STATION_DB_FILE), { readonly: true })
  try {
    return ['admin_credential', 'proctor_credential', 'station_seal'].map((table) =>
      raw.prepare(`SELECT * FROM ${table}`).all(),
    )
  } finally {
    raw.close()
  }
}

describe('invigil station reset-credentials refuses', () => {
  it('a wrong passphrase, or none: nothing changes, the old secrets work, and the setup wizard stays refused', async () => {
    const before = credentialRows()
    setEnv({
      [STATION_PASSPHRASE_ENV]: 'not the station passphrase',
      [NEW_ADMIN_PASSWORD_ENV]: NEW_ADMIN,
      [NEW_PROCTOR_PIN_ENV]: NEW_PIN,
    })
    const wrong = await run('station', 'reset-credentials', '--data', data, '--admin', '--proctor')
    expect(wrong).toMatchObject({ code: 1, stdout: '' })
    expect(wrong.stderr).toMatch(/^invigil: error: wrong passphrase .*; no credential was changed\n$/)

    // No passphrase in the environment and no terminal to ask at (stdin is not a TTY under the test runner).
    setEnv({ [STATION_PASSPHRASE_ENV]: undefined })
    const none = await run('station', 'reset-credentials', '--data', data, '--admin', '--proctor')
    expect(none).toMatchObject({ code: 2, stdout: '' })
    expect(none.stderr).toContain(`a station passphrase is needed: set ${STATION_PASSPHRASE_ENV}`)
    expect(none.stderr).toContain('no credential was changed')

    expect(credentialRows()).toEqual(before)
    await station(async ({ call }) => {
      expect(await logins(call)).toEqual(['ok', 'ADMIN_PASSWORD_INVALID', 'ok', 'PIN_INVALID'])
      // The other way in without the passphrase: the wizard's setup on a set-up station.
      expect(await call('admin.setup', { adminPassword: NEW_ADMIN, proctorPin: NEW_PIN })).toBe('ALREADY_SET_UP')
      expect(await call('admin.login', { password: NEW_ADMIN })).toBe('ADMIN_PASSWORD_INVALID')
    })
  })

  it('a too-short new password or PIN, naming which and where from, and writes neither', async () => {
    const before = credentialRows()
    setEnv({ [STATION_PASSPHRASE_ENV]: PASSPHRASE, [NEW_ADMIN_PASSWORD_ENV]: 'short', [NEW_PROCTOR_PIN_ENV]: NEW_PIN })
    const shortPassword = await run('station', 'reset-credentials', '--data', data, '--admin', '--proctor')
    expect(shortPassword).toMatchObject({ code: 2, stdout: '' })
    expect(shortPassword.stderr).toBe(
      `invigil: error: the new admin password (from ${NEW_ADMIN_PASSWORD_ENV}) is refused: the admin password is 10 to 200 characters; no credential was changed\n`,
    )
    // A good password with a bad PIN: the password is not written alone.
    setEnv({ [NEW_ADMIN_PASSWORD_ENV]: NEW_ADMIN, [NEW_PROCTOR_PIN_ENV]: '12345' })
    const shortPin = await run('station', 'reset-credentials', '--data', data, '--admin', '--proctor')
    expect(shortPin.code).toBe(2)
    expect(shortPin.stderr).toBe(
      `invigil: error: the new proctor PIN (from ${NEW_PROCTOR_PIN_ENV}) is refused: the proctor PIN is 6 to 32 digits; no credential was changed\n`,
    )
    expect(credentialRows()).toEqual(before)
    await station(async ({ call }) => {
      expect(await logins(call)).toEqual(['ok', 'ADMIN_PASSWORD_INVALID', 'ok', 'PIN_INVALID'])
    })
  })

  it('a station whose credential rows were deleted by hand: still TAMPER_DETECTED, even with the passphrase', async () => {
    // The deletion attack on setup itself is core/runtime/stationSeal.test.ts; this is the reset path.
    const raw = new Database(join(data, STATION_DB_FILE))
    raw.exec('DELETE FROM admin_credential; DELETE FROM proctor_credential')
    raw.close()
    setEnv({
      [STATION_PASSPHRASE_ENV]: PASSPHRASE,
      [NEW_ADMIN_PASSWORD_ENV]: NEW_ADMIN,
      [NEW_PROCTOR_PIN_ENV]: NEW_PIN,
    })
    const reset = await run('station', 'reset-credentials', '--data', data, '--admin', '--proctor')
    expect(reset.code).toBe(1)
    expect(reset.stderr).toMatch(/station records differ from the station seal.*; no credential was changed\n$/)
    await expect(station(() => Promise.resolve())).rejects.toMatchObject({ code: 'TAMPER_DETECTED' })
  })

  it('no choice of secret, or a folder with no station (which it does not create)', async () => {
    setEnv({ [STATION_PASSPHRASE_ENV]: PASSPHRASE })
    const neither = await run('station', 'reset-credentials', '--data', data)
    expect(neither).toMatchObject({ code: 2, stderr: expect.stringContaining('--admin, --proctor, or both') })
    const missing = await run('station', 'reset-credentials', '--data', join(dir, 'none'), '--admin')
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no station has been set up') })
    expect((await run('station', 'show', '--data', join(dir, 'none'))).code).toBe(1)
  })
})

describe('invigil station reset-credentials with the station passphrase', () => {
  it('sets both secrets, clears a lockout, keeps the seal, and a score recorded after exports and verifies', async () => {
    const sessionId = await station(async ({ runtime, call }) => {
      runtime.installExam(installInput())
      const begun = runtime.beginSession({ candidateId: 'C1', name: 'A' })
      runtime.sessions.start(begun.sessionId)
      runtime.sessions.saveAnswer(begun.sessionId, 'q4', 'an answer to grade')
      runtime.sessions.submit(begun.sessionId, 'candidate')
      // Locked out by wrong guesses: the reset is also the way out of a lockout.
      for (let failure = 0; failure < LOCKOUT_AFTER_FAILURES; failure += 1)
        await call('admin.login', { password: 'a wrong password' })
      expect(await call('admin.login', { password: OLD_ADMIN })).toBe('ADMIN_PASSWORD_LOCKED')
      return begun.sessionId
    })
    setEnv({
      [STATION_PASSPHRASE_ENV]: PASSPHRASE,
      [NEW_ADMIN_PASSWORD_ENV]: NEW_ADMIN,
      [NEW_PROCTOR_PIN_ENV]: NEW_PIN,
    })
    const reset = await run('station', 'reset-credentials', '--data', data, '--admin', '--proctor')
    expect(reset).toMatchObject({ code: 0, stderr: '' })
    expect(reset.stdout).toMatch(
      /^credentials reset on station [0-9a-f]{16} at \d{4}-\d\d-\d\dT[\d:.]+Z: admin password and proctor PIN\n/,
    )
    expect(reset.stdout).toContain('the old ones no longer work; wrong-attempt counts start again from zero')

    const bundle = await station(async ({ runtime, call, dispatch }) => {
      expect(await logins(call)).toEqual(['ADMIN_PASSWORD_INVALID', 'ok', 'PIN_INVALID', 'ok'])
      expect(await call('admin.setup', { adminPassword: OLD_ADMIN, proctorPin: OLD_PIN })).toBe('ALREADY_SET_UP')
      const login = await dispatch('admin.login', { password: NEW_ADMIN })
      const token = login.ok ? (login.value as { token: string }).token : ''
      expect(await call('admin.recordScore', { token, sessionId, unitId: 'q4', score: 3 })).toBe('ok')
      writeFileSync(join(dir, 'station.pem'), runtime.station.publicKeyPem)
      return (await runtime.exportBundle(sessionId, dir)).file
    })
    const verified = await run('bundle', 'verify', bundle, '--trust', join(dir, 'station.pem'))
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('signed by a trusted station key') })
  })

  it('--proctor alone sets the PIN and leaves the admin password as it was', async () => {
    setEnv({
      [STATION_PASSPHRASE_ENV]: PASSPHRASE,
      [NEW_PROCTOR_PIN_ENV]: NEW_PIN,
      [NEW_ADMIN_PASSWORD_ENV]: NEW_ADMIN,
    })
    const reset = await run('station', 'reset-credentials', '--data', data, '--proctor')
    expect(reset).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(': proctor PIN\nthe old one no longer works'),
    })
    await station(async ({ call }) => {
      expect(await logins(call)).toEqual(['ok', 'ADMIN_PASSWORD_INVALID', 'PIN_INVALID', 'ok'])
    })
  })
})
