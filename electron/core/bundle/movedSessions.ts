import { chainHash, GENESIS_HASH, type SessionEvent } from '../base/eventChain'
import { fromBase64urlStrict } from '../crypto/base64url'
import { ed25519KeyId, ed25519PublicKeyFromRaw } from '../crypto/ed25519Keys'
import { sessionHeadAttestationSchema, sessionHeadBytes, verifyBytes } from '../protocol/seatMove'

/**
 * A session moved to a spare PC is signed, as a bundle, by the spare; the part of its log written before the move is
 * vouched for by the old station's signature on the head it handed over, which the session_moved event carries.
 * This checks that signature with the key the event names, that the key is the named station's, and that the head
 * is the chain at its place: so a bundle verifies across both stations' keys (scripts/verify-bundle.sh does the same
 * with openssl). Returns what is wrong, or undefined.
 */
export function checkMovedSessions(events: readonly SessionEvent[], lines: readonly string[]): string | undefined {
  const moves = events.filter((event) => event.type === 'session_moved')
  if (moves.length === 0) return undefined
  const hashes: string[] = []
  let prev = GENESIS_HASH
  for (const line of lines) hashes.push((prev = chainHash(prev, line)))
  for (const move of moves) {
    const where = `the session_moved event ${String(move.seq)}`
    const head = sessionHeadAttestationSchema.safeParse(move.data.fromHead)
    const { fromPublicKey, fromHeadSignature } = move.data
    if (!head.success || typeof fromPublicKey !== 'string' || typeof fromHeadSignature !== 'string')
      return `${where} does not carry the old station's signed head`
    let raw: Buffer
    try {
      raw = fromBase64urlStrict(fromPublicKey)
      if (ed25519KeyId(raw) !== head.data.stationId)
        return `${where} names a key that is not station ${head.data.stationId}'s`
      if (!verifyBytes(sessionHeadBytes(head.data), fromHeadSignature, ed25519PublicKeyFromRaw(raw)))
        return `${where}: station ${head.data.stationId}'s signature on the head it handed over does not verify`
    } catch {
      return `${where} carries a key that is not an Ed25519 key`
    }
    if (head.data.seq >= move.seq || hashes[head.data.seq - 1] !== head.data.hash)
      return `${where}: the head station ${head.data.stationId} signed is not the chain at event ${String(head.data.seq)}`
  }
  return undefined
}
