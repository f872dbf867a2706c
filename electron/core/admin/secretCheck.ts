import { afterAttempt, lockoutStatus } from '../base/staffLockout'
import { type PinHash } from '../crypto/secretHash'
import type { Clock } from '../base/clock'
import type { CredentialStore } from '../db/credentialStore'
import type { StationDatabase } from '../db/database'

/**
 * One checked attempt at a station secret (the proctor PIN at the proctor panel's login, the admin password), under
 * the same lockout as the session core's PIN gate: refused unchecked while locked, counted when wrong, cleared
 * when right. The counters live in the credential's own MAC'd row, so they are shared with every other path that
 * checks the same secret and survive a restart.
 */
export type SecretCheck =
  | { ok: true }
  | { ok: false; reason: 'not_set' }
  | { ok: false; reason: 'locked'; retryAfterMs: number }
  | { ok: false; reason: 'invalid'; failures: number; retryAfterMs: number }

export interface SecretCheckDeps {
  db: StationDatabase
  clock: Clock
}

export async function checkSecret(
  store: CredentialStore,
  secret: string,
  matches: (secret: string, stored: PinHash) => Promise<boolean>,
  deps: SecretCheckDeps,
): Promise<SecretCheck> {
  const credential = store.read()
  if (!credential) return { ok: false, reason: 'not_set' }
  const status = lockoutStatus(credential.lockout, deps.clock.wallMs())
  if (status.locked) return { ok: false, reason: 'locked', retryAfterMs: status.retryAfterMs }

  const ok = await matches(secret, credential.secret)
  const lockout = deps.db.transaction(() => {
    // Re-read: another attempt may have finished while this one was hashing.
    const current = store.read() ?? credential
    const next = afterAttempt(current.lockout, ok, deps.clock.wallMs())
    store.write({ secret: current.secret, lockout: next }, new Date(deps.clock.wallMs()).toISOString())
    return next
  })()
  if (ok) return { ok: true }
  return {
    ok: false,
    reason: 'invalid',
    failures: lockout.failures,
    retryAfterMs: Math.max(0, lockout.lockedUntilMs - deps.clock.wallMs()),
  }
}
