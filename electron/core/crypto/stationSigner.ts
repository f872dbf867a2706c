/** What a result bundle needs from the station: its identity and an Ed25519 signature; never the private key. */
export interface StationSigner {
  /** Derived from the public key: first 16 hex digits of SHA-256 over the raw 32-byte key. */
  stationId: string
  /** The Ed25519 public key as a JWK (kty OKP, crv Ed25519, x = base64url raw key). */
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string }
  sign(data: Uint8Array): Buffer
}
