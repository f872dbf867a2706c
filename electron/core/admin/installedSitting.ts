import { z } from 'zod'
import type { SealedRecordStore } from '../db/sealedRecordStore'
import { tamperDetected } from '../db/storeError'
import { environmentPolicySchema } from '../environment/environmentPolicy'
import { seatSchema, sittingStaffSchema } from '../sitting/sittingSchema'
import { verifierPinHash } from '../sitting/staffVerifier'
import type { PinHash } from '../crypto/secretHash'

/**
 * The sitting installed on this station, kept as one sealed record: which sitting (id and the SHA-256 of its file),
 * its window, the room to trust (key, address, TLS fingerprint), the seat layout, the signed environment policy and
 * the staff verifiers. Sealed under the station's keyring, so an edit with only the database file fails to open
 * instead of pointing the station at another room or a laxer policy. The sitting's proctors sign in on the station by
 * staff id with their own PIN (proctorVerifier); the station's own proctor PIN and admin password still work.
 */
const recordSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  /** SHA-256 (hex) of the sitting file as signed (no trailing newline). */
  sha256: z.string(),
  authorityKeyId: z.string(),
  installedAt: z.string(),
  window: z.strictObject({ opensAt: z.string(), closesAt: z.string() }),
  room: z.strictObject({ publicKeyPem: z.string(), address: z.string().nullable(), tlsSha256: z.string().nullable() }),
  seats: z.array(seatSchema),
  environment: environmentPolicySchema,
  staff: z.array(sittingStaffSchema),
  /** The station ids the sitting is for; null: any station. */
  stations: z.array(z.string()).nullable(),
  /** The sitting's first exam: the installed (active) one, which a candidate the roster does not list sits. */
  exam: z.strictObject({ examId: z.string(), packageHash: z.string() }),
  /** Every exam of the sitting, in its order; absent in a record written when a sitting had only one. */
  exams: z.array(z.strictObject({ examId: z.string(), packageHash: z.string() })).optional(),
  candidates: z.number().int().nonnegative(),
})

export type InstalledSitting = z.infer<typeof recordSchema>

export class InstalledSittings {
  constructor(private readonly records: SealedRecordStore) {}

  /** The installed sitting, or undefined when none was installed; TAMPER_DETECTED when its record was changed. */
  get(): InstalledSitting | undefined {
    const stored = this.records.get('installed_sitting')
    if (!stored) return undefined
    const parsed = recordSchema.safeParse(stored.value)
    if (!parsed.success) throw tamperDetected('the installed sitting is not in its format')
    return parsed.data
  }

  /** The PIN verifier of the proctor the installed sitting names `staffId` (ignoring case), if it names one. */
  proctorVerifier(staffId: string): PinHash | undefined {
    const member = this.proctor(staffId)
    return member ? verifierPinHash(member.verifier) : undefined
  }

  /** The staff id as the sitting spells it, for the log; undefined when it names no such proctor. */
  proctorId(staffId: string): string | undefined {
    return this.proctor(staffId)?.id
  }

  private proctor(staffId: string): InstalledSitting['staff'][number] | undefined {
    const wanted = staffId.toLowerCase()
    return this.get()?.staff.find((staff) => staff.role === 'proctor' && staff.id.toLowerCase() === wanted)
  }

  /** Whether the installed sitting names any proctor: the sign-in then asks for a staff id too. */
  namesProctors(): boolean {
    return this.get()?.staff.some((staff) => staff.role === 'proctor') ?? false
  }

  put(sitting: InstalledSitting): void {
    this.records.put('installed_sitting', recordSchema.parse(sitting), sitting.installedAt)
  }
}
