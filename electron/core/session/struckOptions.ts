import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import type { SessionEvent } from '../base/eventChain'
import type { JsonValue } from '../base/jsonValue'
import { openJson, sealJson, struckOptionsAad, type SessionKeys } from '../db/sessionCrypto'
import { type RandomSource } from '../crypto/randomSource'
import { tamperDetected } from '../db/storeError'
import { optionLettersSchema } from '../base/responseSchema'
import type { SessionContext } from './sessionContext'
import type { StruckOptions } from './unitReplies'

/**
 * Options a candidate struck out: scratch work, not an answer, so they are never graded nor exported as responses.
 * Each change logs the unit's whole struck set in an `options_struck` event, which the hash chain makes survive a
 * crash and resist edits exactly as flags do; unlike flags the letters are sealed under the session key, because
 * the options a candidate ruled out say nearly as much as the answer itself.
 */

/** The `options_struck` event's data: the unit under the event-log name `item`, and the sealed letters. */
export function struckOptionsEventData(
  keys: SessionKeys,
  unitId: string,
  letters: readonly string[],
  random: RandomSource,
): Record<string, JsonValue> {
  const sealed = sealJson(keys, letters, struckOptionsAad(keys.sessionId, unitId), random)
  return { item: unitId, nonce: toBase64url(sealed.nonce), ct: toBase64url(sealed.ciphertext) }
}

/** The latest struck set of every unit that has one, in unit id order. */
export function struckOptionsOf(ctx: SessionContext, sessionId: string): StruckOptions[] {
  const latest = new Map<string, SessionEvent>()
  for (const event of ctx.log.eventsOfType(sessionId, ['options_struck'])) latest.set(String(event.data.item), event)
  const keys = ctx.keys(sessionId)
  return [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unitId, event]) => ({ unitId, letters: openLetters(keys, unitId, event) }))
    .filter((struck) => struck.letters.length > 0)
}

function openLetters(keys: SessionKeys, unitId: string, event: SessionEvent): string[] {
  try {
    const { nonce, ct } = event.data
    if (typeof nonce !== 'string' || typeof ct !== 'string') throw new TypeError('nonce or ct is missing')
    const sealed = { nonce: fromBase64urlStrict(nonce), ciphertext: fromBase64urlStrict(ct) }
    return optionLettersSchema.parse(openJson(keys, sealed, struckOptionsAad(keys.sessionId, unitId)))
  } catch {
    throw tamperDetected(`the struck options of ${unitId} (event seq ${String(event.seq)}) do not open`)
  }
}
