import { signSitting } from '../sittingFile'
import type { SittingPayload } from '../sittingSchema'
import { sittingKit } from './sittingKit'
import type { SittingKit } from './sittingKit'

/**
 * Test support for installing sittings on a station: the kit's sitting, open around the test clock's default time
 * (ManualClock starts at 2026-11-23T09:00Z), and a way to sign an edited copy with the kit's authority, so a test can
 * make exactly the sitting it needs (for other stations, closed, with two packages) under a trusted signature.
 */
export const OPEN_WINDOW = { opens_at: '2026-11-23T16:00:00+08:00', closes_at: '2026-11-23T20:00:00+08:00' }

export interface StationSittings {
  kit: SittingKit
  /** The kit's payload with OPEN_WINDOW. */
  payload: SittingPayload
  /** The payload, edited, signed by the kit's authority. */
  sign(edit?: (copy: SittingPayload) => void): Promise<string>
}

export async function stationSittings(): Promise<StationSittings> {
  const kit = await sittingKit()
  const built = await kit.build()
  if (!built.sitting) throw new Error('the sitting kit did not build')
  const payload: SittingPayload = { ...built.sitting.payload, window: OPEN_WINDOW }
  return {
    kit,
    payload,
    sign: (edit) => {
      const copy = structuredClone(payload)
      edit?.(copy)
      return signSitting(copy, kit.authority.privateKeyPem)
    },
  }
}
