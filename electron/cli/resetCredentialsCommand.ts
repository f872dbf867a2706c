import { passphraseProtector } from '../core/crypto/passphraseProtector'
import { AdminError } from '../core/admin/adminError'
import { assertSecretFormats, type CredentialReset } from '../core/admin/stationCredentials'
import { openStationRuntime } from '../core/runtime/stationRuntime'
import { readStationPublicInfo } from '../core/station/stationIdentity'
import type { CommandContext } from './commandContext'
import { EXIT } from './exitCodes'
import type { ExitCode } from './exitCodes'
import { readSecret, UsageError } from './secretInput'
import { readStationPassphrase } from './stationPassphrase'

export const NEW_ADMIN_PASSWORD_ENV = 'INVIGIL_NEW_ADMIN_PASSWORD'
export const NEW_PROCTOR_PIN_ENV = 'INVIGIL_NEW_PROCTOR_PIN'

export interface ResetChoice {
  admin: boolean
  proctor: boolean
}

const UNCHANGED = 'no credential was changed'

/** Every refusal before the one transaction that writes says so: the old secrets still work. */
async function unchanged<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    const typed = error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
    if (typed && !error.message.includes('nothing was changed')) error.message = `${error.message}; ${UNCHANGED}`
    throw error
  }
}

/** A new secret, chosen (asked twice at the prompt) and checked by setup's rule, naming where it came from. */
async function readNewSecret(ctx: CommandContext, envVar: string, what: string, field: keyof CredentialReset) {
  const source = process.env[envVar] ? envVar : 'the prompt'
  const value = await readSecret({ envVar, what: `new ${what}`, confirm: true }, ctx.io)
  try {
    assertSecretFormats({ [field]: value })
  } catch (error) {
    // A usage error, as `station init` treats a short passphrase: the secret given cannot be used (exit 2).
    if (error instanceof AdminError)
      throw new UsageError(`the new ${what} (from ${source}) is refused: ${error.message}`)
    throw error
  }
  return value
}

/**
 * `invigil station reset-credentials`: a new admin password and/or proctor PIN for a testing center that forgot
 * them (issue 11.4). The station passphrase is what authorizes it: it unlocks the keyring, without which the station
 * does not open, so without it nothing is read or changed. The rows and the station seal change in one transaction,
 * so the station opens afterwards and credential rows deleted by hand are still tampering. The setup wizard (Electron
 * and browser host) never offers this: on a set-up station `admin.setup` is refused.
 */
export async function resetCredentials(ctx: CommandContext, dir: string, choice: ResetChoice): Promise<ExitCode> {
  const runtime = await unchanged(async () => {
    if (!choice.admin && !choice.proctor) {
      throw new UsageError('say what to reset: --admin, --proctor, or both')
    }
    // An existing station only: opening a missing one would create it.
    await readStationPublicInfo(dir)
    const passphrase = await readStationPassphrase(ctx.io)
    return openStationRuntime({ dataDir: dir, protector: passphraseProtector(passphrase) })
  })
  const reset: string[] = []
  let at: string
  try {
    await unchanged(async () => {
      // Asked only once the passphrase proved right, and both checked before anything is written.
      const adminPassword = choice.admin
        ? await readNewSecret(ctx, NEW_ADMIN_PASSWORD_ENV, 'admin password', 'adminPassword')
        : undefined
      const proctorPin = choice.proctor
        ? await readNewSecret(ctx, NEW_PROCTOR_PIN_ENV, 'proctor PIN', 'proctorPin')
        : undefined
      await runtime.admin.credentials.reset({
        ...(adminPassword === undefined ? {} : { adminPassword }),
        ...(proctorPin === undefined ? {} : { proctorPin }),
      })
    })
    at = new Date(runtime.clock.wallMs()).toISOString()
    if (choice.admin) reset.push('admin password')
    if (choice.proctor) reset.push('proctor PIN')
  } finally {
    await runtime.close()
  }
  ctx.io.out(
    `credentials reset on station ${runtime.station.stationId} at ${at}: ${reset.join(' and ')}\n` +
      `the old ${reset.length > 1 ? 'ones no longer work' : 'one no longer works'}; wrong-attempt counts start again from zero\n`,
  )
  return EXIT.ok
}
