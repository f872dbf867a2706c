import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/**
 * The exam authority's X25519 key pair that result bundles are encrypted to. The public half travels in the signed
 * package (settings `result_encryption_key`), so a station encrypts to exactly the key the authority signed; the
 * private half stays with the authority and opens the bundles (`--authority-key`).
 */
export const RESULT_ENCRYPTION_PRIVATE_KEY_FILE = 'authority-encryption.key.pem'
export const RESULT_ENCRYPTION_PUBLIC_KEY_FILE = 'authority-encryption.pub.pem'

export interface ResultEncryptionKeys {
  /** PKCS#8 PEM: only the authority's results office holds it. */
  privateKeyPem: string
  /** SPKI PEM: goes into the package settings as `result_encryption_key`. */
  publicKeyPem: string
}

export function generateResultEncryptionKeys(): ResultEncryptionKeys {
  const { privateKey, publicKey } = generateKeyPairSync('x25519')
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

export interface ResultEncryptionKeyProblem {
  message: string
  hint: string
}

const notPublicPem: ResultEncryptionKeyProblem = {
  message: 'result_encryption_key is not a PEM public key',
  hint: `paste ${RESULT_ENCRYPTION_PUBLIC_KEY_FILE} (from invigil authority keygen) as a block: "result_encryption_key: |" and the PEM lines indented below`,
}

/** The key, or why it is unusable, worded for whoever writes the settings file. Never echoes the key text. */
export function parseResultEncryptionKey(pem: string): { key: KeyObject } | { problem: ResultEncryptionKeyProblem } {
  // Checked first: createPublicKey would quietly derive the public half of a private key, and the secret would ship.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return {
      problem: {
        message: 'result_encryption_key is a private key; a package carries only the public one',
        hint: `use ${RESULT_ENCRYPTION_PUBLIC_KEY_FILE}; ${RESULT_ENCRYPTION_PRIVATE_KEY_FILE} stays with the exam authority, out of settings files`,
      },
    }
  }
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) return { problem: notPublicPem }
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    return { problem: notPublicPem }
  }
  if (key.asymmetricKeyType !== 'x25519') {
    return {
      problem: {
        message: `result_encryption_key is an ${key.asymmetricKeyType ?? 'unknown'} key, not X25519`,
        hint: `use ${RESULT_ENCRYPTION_PUBLIC_KEY_FILE}; authority.pub.pem is the signing key, which cannot encrypt`,
      },
    }
  }
  return { key }
}

/** For a key the settings schema has already accepted. */
export function resultEncryptionKey(pem: string): KeyObject {
  const parsed = parseResultEncryptionKey(pem)
  if ('problem' in parsed) throw new Error(parsed.problem.message)
  return parsed.key
}
