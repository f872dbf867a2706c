import { createHash } from 'node:crypto'
import type { InstalledSitting } from '../admin/installedSitting'
import { installPackageText } from '../admin/packageInstall'
import { canonicalJson } from '../base/canonicalJson'
import type { InstalledExamInfo } from '../exam/installedExamInfo'
import type { RosterEntry } from '../roster/rosterEntry'
import { verifySitting } from '../sitting/sittingFile'
import type { VerifiedSitting } from '../sitting/sittingFile'
import { assertSittingFits, sittingPackage } from '../sitting/sittingFit'
import type { StationRuntime } from './stationRuntime'

/**
 * A station installs a signed sitting file in one step, the administrator's one action per PC: the signature is
 * checked against the station's trusted authorities before anything in the file is read; the sitting must be for
 * this station and still open; then its package goes through the station's package install path, and the seated
 * roster and the sitting's record (room, seats, signed environment policy, staff verifiers) are written in the same
 * transaction, so a refused or failed install leaves the exam, the roster and the policy as they were. Installing the
 * same file again changes nothing.
 */
export interface SittingInstall {
  sitting: InstalledSitting
  exam: InstalledExamInfo
  /** False when this exact sitting was already installed, with its exam and roster, so nothing was written. */
  installed: boolean
}

/** The sitting's roster as the station keeps it: each candidate with their seat and extra time. */
export const sittingRosterEntries = (sitting: VerifiedSitting): RosterEntry[] =>
  sitting.payload.roster.map((candidate) => ({
    candidateId: candidate.candidate_id,
    name: candidate.name,
    accommodations: {
      ...(candidate.extra_percent === undefined ? {} : { extraPercent: candidate.extra_percent }),
      ...(candidate.extra_minutes === undefined ? {} : { extraMinutes: candidate.extra_minutes }),
    },
    seat: candidate.seat,
  }))

/**
 * The sitting's one package through the station's package install path (signature checked against `trustedPems`,
 * then opened), skipped when it is already the installed exam; `alongside` runs in the same transaction and is told
 * whether the exam was written.
 */
export async function installSittingPackage(
  runtime: StationRuntime,
  sitting: VerifiedSitting,
  trustedPems: readonly string[],
  alongside: (exam: InstalledExamInfo, examWritten: boolean) => void = () => undefined,
): Promise<InstalledExamInfo> {
  const { text } = sittingPackage(sitting)
  return await installPackageText(
    (input) =>
      runtime.admin.atomically(() => {
        const current = runtime.installedExam()
        const written = current?.packageHash !== input.packageHash
        const exam = current && !written ? current : runtime.installExam(input)
        alongside(exam, written)
        return exam
      }),
    trustedPems,
    text,
  )
}

function recordOf(sitting: VerifiedSitting, sha256: string, exam: InstalledExamInfo, at: string): InstalledSitting {
  const { payload } = sitting
  return {
    id: payload.id,
    title: payload.title,
    sha256,
    authorityKeyId: sitting.header.kid,
    installedAt: at,
    window: { opensAt: payload.window.opens_at, closesAt: payload.window.closes_at },
    room: {
      publicKeyPem: payload.room.public_key,
      address: payload.room.address ?? null,
      tlsSha256: payload.room.tls_sha256 ?? null,
    },
    seats: payload.seats,
    environment: payload.environment,
    staff: payload.staff,
    stations: payload.stations ?? null,
    exam: { examId: exam.id, packageHash: exam.packageHash },
    candidates: payload.roster.length,
  }
}

export async function installSitting(runtime: StationRuntime, text: string): Promise<SittingInstall> {
  const { admin } = runtime
  const trusted = admin.authorities.pems()
  const sitting = await verifySitting(text, trusted)
  assertSittingFits(sitting, runtime.station.stationId, runtime.clock.wallMs())
  const compact = text.endsWith('\n') ? text.slice(0, -1) : text
  const sha256 = createHash('sha256').update(compact, 'utf8').digest('hex')
  const entries = sittingRosterEntries(sitting)
  let installed = false
  let record: InstalledSitting | undefined
  const exam = await installSittingPackage(runtime, sitting, trusted, (info, examWritten) => {
    const at = new Date(runtime.clock.wallMs()).toISOString()
    const current = admin.sitting.get()
    const same = current?.sha256 === sha256 && current.exam.packageHash === info.packageHash
    record = same ? current : recordOf(sitting, sha256, info, at)
    if (!same) admin.sitting.put(record)
    // A CSV imported since the sitting was installed is replaced again: the sitting's roster is the one that holds.
    const rosterChanged = canonicalJson(admin.roster.get()?.entries ?? []) !== canonicalJson(entries)
    if (rosterChanged) admin.roster.replace(entries)
    installed = examWritten || !same || rosterChanged
  })
  if (!record) throw new Error('the sitting install wrote no record')
  return { sitting: record, exam, installed }
}
