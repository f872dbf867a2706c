import { ed25519KeyId, ed25519PublicKeyFromPem, rawEd25519PublicKey } from '../crypto/ed25519Keys'
import { resolvePolicy } from '../environment/environmentPolicy'
import type { VerifiedSitting } from './sittingFile'
import type { StaffRole } from './sittingSchema'

/**
 * What `invigil sitting verify` explains, built from a verified sitting: who signed it, when it runs, which exams,
 * the room as rows of seats, who sits where, who may act, which room to trust. Staff verifiers are left out on
 * purpose: an explanation is read aloud, pasted into tickets and logged, and a verifier is a secret's hash.
 */
export interface SittingSummary {
  id: string
  title: string
  signed_by: string
  created_at: string
  window: { opens_at: string; closes_at: string }
  packages: { exam_id: string; title: string | null; encrypted: boolean; sha256: string }[]
  seats: { count: number; rows: { row: number; labels: string[] }[] }
  roster: {
    count: number
    candidates: {
      candidate_id: string
      name: string
      seat: string
      /** As the roster names it; a one-package sitting may leave it out (everyone sits that package). */
      exam_id?: string
      extra_percent?: number
      extra_minutes?: number
    }[]
  }
  staff: { id: string; name: string; role: StaffRole }[]
  room: { key_id: string; tls_sha256: string | null; address: string | null }
  environment: {
    displays: { max: number; status: 'fail' | 'warn' }
    virtual_machine: string
    remote_session: string
    prohibited_processes: { status: string; rules: number }
  }
  stations: string[] | null
}

export function summarizeSitting(sitting: VerifiedSitting): SittingSummary {
  const { payload } = sitting
  const rows = new Map<number, { column: number; label: string }[]>()
  for (const seat of payload.seats) rows.set(seat.row, [...(rows.get(seat.row) ?? []), seat])
  const policy = resolvePolicy(payload.environment)
  return {
    id: payload.id,
    title: payload.title,
    signed_by: sitting.header.kid,
    created_at: payload.created_at,
    window: payload.window,
    packages: payload.packages.map((pkg) => ({
      exam_id: pkg.exam_id,
      title: pkg.title ?? null,
      encrypted: pkg.encrypted,
      sha256: pkg.sha256,
    })),
    seats: {
      count: payload.seats.length,
      rows: [...rows.entries()]
        .sort(([a], [b]) => a - b)
        .map(([row, seats]) => ({
          row,
          labels: seats.sort((a, b) => a.column - b.column).map((seat) => seat.label),
        })),
    },
    roster: {
      count: payload.roster.length,
      candidates: payload.roster.map((candidate) => ({ ...candidate })),
    },
    staff: payload.staff.map(({ id, name, role }) => ({ id, name, role })),
    room: {
      key_id: ed25519KeyId(rawEd25519PublicKey(ed25519PublicKeyFromPem(payload.room.public_key))),
      tls_sha256: payload.room.tls_sha256 ?? null,
      address: payload.room.address ?? null,
    },
    environment: {
      displays: policy.displays,
      virtual_machine: policy.virtualMachine,
      remote_session: policy.remoteSession,
      prohibited_processes: {
        status: policy.prohibitedProcesses.status,
        rules: policy.prohibitedProcesses.rules.length,
      },
    },
    stations: payload.stations ?? null,
  }
}

/** The summary as lines a person reads at a station or at the authority's desk. */
export function formatSittingSummary(summary: SittingSummary): string {
  const { window, room, environment: env } = summary
  // Who sits which exam matters only when there is a choice; a one-package sitting reads as it always did.
  const several = summary.packages.length > 1
  const sitting = (examId: string): number =>
    summary.roster.candidates.filter((candidate) => candidate.exam_id === examId).length
  const lines = [
    `sitting ${summary.id}: ${summary.title}`,
    `signed by authority key ${summary.signed_by} at ${summary.created_at}`,
    `window: opens ${window.opens_at}, closes ${window.closes_at}`,
    `packages (${String(summary.packages.length)}):`,
    ...summary.packages.map(
      (pkg) =>
        `  ${pkg.exam_id}: ${pkg.title ?? '(title hidden: encrypted until its start password is given)'}, sha256 ${pkg.sha256}` +
        (several ? `, sat by ${String(sitting(pkg.exam_id))} candidates` : ''),
    ),
    `seats (${String(summary.seats.count)}):`,
    ...summary.seats.rows.map((row) => `  row ${String(row.row)}: ${row.labels.join(' ')}`),
    `roster (${String(summary.roster.count)} candidates):`,
    ...summary.roster.candidates.map((candidate) => {
      const extra = [
        candidate.extra_percent ? `+${String(candidate.extra_percent)}%` : '',
        candidate.extra_minutes ? `+${String(candidate.extra_minutes)} min` : '',
      ].filter(Boolean)
      const exam = several ? `  exam ${candidate.exam_id ?? '?'}` : ''
      return `  ${candidate.seat}  ${candidate.candidate_id}  ${candidate.name}${exam}${extra.length ? `  (${extra.join(', ')})` : ''}`
    }),
    `staff (${String(summary.staff.length)}):`,
    ...summary.staff.map((member) => `  ${member.id}  ${member.name}  ${member.role}`),
    `room: key ${room.key_id}` +
      (room.tls_sha256 ? `, TLS certificate sha256 ${room.tls_sha256}` : ', TLS certificate not pinned') +
      (room.address ? `, at ${room.address}` : ', address by discovery'),
    `environment: displays at most ${String(env.displays.max)} (${env.displays.status}), virtual machine ${env.virtual_machine}, ` +
      `remote session ${env.remote_session}, prohibited programs ${env.prohibited_processes.status} ` +
      `(${String(env.prohibited_processes.rules)} rules)`,
    `stations: ${summary.stations ? summary.stations.join(', ') : 'any station'}`,
  ]
  return `${lines.join('\n')}\n`
}
