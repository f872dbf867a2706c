import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { canonicalJson } from '../base/canonicalJson'
import { fromBase64urlStrict, toBase64url } from '../crypto/base64url'
import { ROOM_PROTOCOL, type BundleReceipt } from '../protocol/roomMessages'

/**
 * The room's signature on its receipt for a collected bundle (the receipt's shape is the protocol's), behind its own
 * domain prefix. It rides in the intake's reply beside the fields the upload outbox already judges ({sha256, status}).
 */
export type { BundleReceipt }

const RECEIPT_DOMAIN = `${ROOM_PROTOCOL} bundle-receipt\n`
const receiptBytes = (receipt: BundleReceipt): Buffer => Buffer.from(RECEIPT_DOMAIN + canonicalJson(receipt), 'utf8')

export const signBundleReceipt = (receipt: BundleReceipt, roomPrivateKey: KeyObject): string =>
  toBase64url(sign(null, receiptBytes(receipt), roomPrivateKey))

export function bundleReceiptVerifies(receipt: BundleReceipt, signature: string, roomPublicKey: KeyObject): boolean {
  try {
    const key = roomPublicKey.type === 'private' ? createPublicKey(roomPublicKey) : roomPublicKey
    return verify(null, receiptBytes(receipt), key, fromBase64urlStrict(signature))
  } catch {
    return false
  }
}
