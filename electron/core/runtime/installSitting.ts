import { createHash } from 'node:crypto'
import type { InstalledSitting } from '../admin/installedSitting'
import { openPackageText } from '../admin/packageInstall'
import { canonicalJson } from '../base/canonicalJson'
import type { InstallExamInput } from '../exam/examCatalog'
import type { InstalledExamInfo } from '../exam/installedExamInfo'
import type { RosterEntry } from '../roster/rosterEntry'
import { verifySitting } from '../sitting/sittingFile'
import type { VerifiedSitting } from '../sitting/sittingFile'
import { assertSittingFits, sittingPackages } from '../sitting/sittingFit'
import type { StationRuntime } from './stationRuntime'

/**
 * A station installs a signed sitting file in one step, the administrator's one action per PC: the signature is
 * checked against the station's trusted authorities before anything in the file is read; the sitting must be for
 * this station and still open; then its packages go through the station's package install path, and the seated
 * roster (each candidate with the exam it assigns them) and the sitting's record (room, seats, signed environment policy, staff verifiers) are written in the same
 * transaction, so a refused or failed install leaves the exam, the roster and the policy as they were. Installing the
 * same file again changes nothing.
 */
export interface SittingInstall {
  sitting: InstalledSitting
  /** The sitting's first exam, the installed (active) one. */
  exam: InstalledExamInfo
  /** Every exam of the sitting, in its order. */
  exams: InstalledExamInfo[]
  /** False when this exact sitting was already installed, with its exam and roster, so nothing was written. */
  installed: boolean
}

/** The sitting's roster as the station keeps it: each candidate with their seat, exam (if named) and extra time. */
export const sittingRosterEntries = (sitting: VerifiedSitting): RosterEntry[] =>
  sitting.payload.roster.map((candidate) => ({
    candidateId: candidate.candidate_id,
    name: candidate.name,
    accommodations: {
      ...(candidate.extra_percent === undefined ? {} : { extraPercent: candidate.extra_percent }),
      ...(candidate.extra_minutes === undefined ? {} : { extraMinutes: candidate.extra_minutes }),
    },
    seat: candidate.seat,
    ...(candidate.exam_id === undefined ? {} : { examId: candidate.exam_id }),
  }))

/**
 * The sitting's packages through the station's package install path (each signature checked against
 * `trustedPems`, then opened), all written in one transaction, the first last so that it is the installed (active)
 * exam; nothing is written when every package is installed and the first is active. `alongside` runs in the same
 * transaction and is told whether an exam was written.
 */
export async function installSittingPackages(
  runtime: StationRuntime,
  sitting: VerifiedSitting,
  trustedPems: readonly string[],
  alongside: (exams: InstalledExamInfo[], examWritten: boolean) => void = () => undefined,
): Promise<InstalledExamInfo[]> {
  const inputs: InstallExamInput[] = []
  for (const { text } of sittingPackages(sitting)) inputs.push(await openPackageText(trustedPems, text))
  return runtime.admin.atomically(() => {
    const [first, ...rest] = inputs
    if (!first) throw new Error(`sitting ${sitting.payload.id} holds no package`)
    const missing = rest.filter((input) => !runtime.installedExamOf(input.packageHash))
    const written = missing.length > 0 || runtime.installedExam()?.packageHash !== first.packageHash
    if (written) for (const input of [...missing, first]) runtime.installExam(input)
    const exams = inputs.map((input) => {
      const info = runtime.installedExamOf(input.packageHash)
      if (!info) throw new Error(`package ${input.packageHash} was not installed`)
      return info
    })
    alongside(exams, written)
    return exams
  })
}

function recordOf(sitting: VerifiedSitting, sha256: string, exams: InstalledExamInfo[], at: string): InstalledSitting {
  const { payload } = sitting
  const listed = exams.map((exam) => ({ examId: exam.id, packageHash: exam.packageHash }))
  const [exam] = listed
  if (!exam) throw new Error(`sitting ${payload.id} holds no package`)
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
    exam,
    // A one-package record keeps its old shape, so reinstalling an old sitting on an updated station changes nothing.
    ...(listed.length > 1 ? { exams: listed } : {}),
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
  const exams = await installSittingPackages(runtime, sitting, trusted, (infos, examWritten) => {
    const at = new Date(runtime.clock.wallMs()).toISOString()
    const current = admin.sitting.get()
    const same = current?.sha256 === sha256 && current.exam.packageHash === infos[0]?.packageHash
    record = same ? current : recordOf(sitting, sha256, infos, at)
    if (!same) admin.sitting.put(record)
    // A CSV imported since the sitting was installed is replaced again: the sitting's roster is the one that holds.
    const rosterChanged = canonicalJson(admin.roster.get()?.entries ?? []) !== canonicalJson(entries)
    if (rosterChanged) admin.roster.replace(entries)
    installed = examWritten || !same || rosterChanged
  })
  const [exam] = exams
  if (!record || !exam) throw new Error('the sitting install wrote no record')
  return { sitting: record, exam, exams, installed }
}
