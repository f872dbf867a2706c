import type { RoomStatus } from '../core/room/roomTypes'
import { forTerminal } from './terminalText'

/** `invigil room status` as text: one line per seat, then what needs a proctor (pending stations, moves, incidents). */
const ago = (seconds: number | null): string => (seconds === null ? 'never heard' : `${String(seconds)} s ago`)

export function formatRoomStatus(status: RoomStatus): string {
  const lines = [
    `sitting ${status.sittingId} "${status.title}" at ${status.roomTime}`,
    `collected ${String(status.collected.collected)} of ${String(status.collected.expected)} bundles`,
    // Per exam only when the room seats candidates of several.
    ...(status.collected.exams.length > 1
      ? status.collected.exams.map((e) => `  exam ${e.examId}: ${String(e.collected)} of ${String(e.expected)}`)
      : []),
    '',
    'seats:',
  ]
  for (const seat of status.seats) {
    const who = seat.candidate ? `${seat.candidate.candidateId} ${seat.candidate.name}` : '(no candidate)'
    const state = seat.status
      ? `${seat.status.state} ${String(seat.status.answered)}/${String(seat.status.total)} save ${seat.status.lastSave}`
      : '-'
    const pending = seat.commands.pending.length ? ` pending cmds ${seat.commands.pending.join(',')}` : ''
    const late = seat.commands.late
      .map((l) => ` cmd ${String(l.seq)} applied ${String(l.lateBySeconds)} s late`)
      .join('')
    const rolledBack = seat.rollbacks.length > 0 ? ' ROLLED BACK' : ''
    lines.push(
      `  ${seat.label.padEnd(8)} ${who.padEnd(24)} ${seat.stationId ?? '(no station)'} ${state} ${ago(seat.secondsSinceHeard)}${pending}${late}${seat.collected ? ' collected' : ''}${rolledBack}`,
    )
  }
  lines.push('', `stations: ${String(status.stations.length)} admitted, ${String(status.pending.length)} pending`)
  for (const station of status.pending)
    lines.push(`  pending ${station.stationId} ${station.hostname || '(no hostname)'} since ${station.firstSeen}`)
  const flags = status.stations.flatMap((station) => station.rollbacks)
  lines.push(`rolled back: ${String(flags.length)}`)
  for (const f of flags)
    lines.push(
      `  station ${f.stationId} session ${f.sessionId}${f.seat ? ` (seat ${f.seat})` : ''}: ${f.kind === 'no_head' ? 'no head for the session' : f.kind === 'behind' ? `behind by ${String(f.behindBy)} events` : `another hash at seq ${String(f.reportedSeq)}`}; the room holds ${String(f.heldSeq)} events; since ${f.firstAt}`,
    )
  lines.push(`sessions: ${String(status.sessions.length)}`)
  for (const s of status.sessions)
    lines.push(`  ${s.sessionId} on ${s.stationId}: held ${String(s.heldSeq)} of ${String(s.reportedSeq)}`)
  lines.push(`commands: ${String(status.commands.length)}`)
  for (const c of status.commands)
    lines.push(`  #${String(c.seq)} ${c.action} ${c.target} by ${c.staffId} at ${c.issuedAt} (${c.cmdId})`)
  lines.push(`seat moves: ${String(status.moves.length)}; spare stations: ${status.spares.join(' ') || 'none'}`)
  for (const m of status.moves)
    lines.push(
      `  ${m.seat} ${m.fromStationId ?? '?'} -> ${m.toStationId} ${m.state.replace('_', ' ')} by ${m.staffId} at ${m.at}: ${m.reason} (${m.moveId})${m.refusal ? `: ${m.refusal}` : ''}`,
    )
  lines.push(`incidents: ${String(status.incidents.length)}`)
  for (const i of status.incidents)
    lines.push(
      `  ${i.kind} station ${i.stationId}${i.sessionId ? ` session ${i.sessionId}` : ''}: ${i.detail} (x${String(i.count)})`,
    )
  lines.push(`incident reports: ${String(status.reports.length)}`)
  for (const r of status.reports)
    lines.push(
      `  #${String(r.id)} ${r.seat}${r.candidateId ? ` ${r.candidateId}` : ''} by ${r.staffId} at ${r.reportedAt}: ${r.text}`,
    )
  // Names, hostnames, incident details and reports come from stations and staff: shown, never obeyed.
  return `${lines.map(forTerminal).join('\n')}\n`
}
