import type { KeyObject } from 'node:crypto'
import { canonicalJson } from '../base/canonicalJson'
import type { JsonValue } from '../base/jsonValue'
import { SessionError } from '../base/sessionErrors'
import type { SessionState } from '../base/sessionState'
import type { RoomAction, RoomCommand, SignedRoomCommand } from '../protocol/roomMessages'
import { verifyRoomCommand } from '../protocol/roomSignature'
import type { SessionContext } from './sessionContext'
import { extendSession, pauseOrResume, submitSession } from './sessionTiming'

/**
 * Room commands on a station. The room's signature takes the place of the proctor PIN: the command is verified here
 * against the room key the sitting names, and each session it changes gets a `room_command` event carrying the
 * whole command and that signature, in the same transaction as the transition it authorises and as the record that
 * settles the command (db/roomCommandStore.ts), so a command is applied once, across restarts too.
 */
export interface RoomTrust {
  /** The room's Ed25519 public key, as the sitting file names it. */
  roomKey: KeyObject
  sittingId: string
  /** This station's seat label; commands aimed at other seats change nothing here. */
  seat: string | null
}

export interface RoomCommandResult {
  /** Absent when the command was too malformed to name itself. */
  cmdId?: string
  seq?: number
  outcome: 'applied' | 'already_applied' | 'refused'
  reason?: string
  /** The sessions it changed or was logged in. */
  sessions: string[]
}

/** Where each action has an effect; a command for a session in any other state changes nothing (commands are absolute). */
const EFFECTIVE_IN: Readonly<Record<RoomAction, readonly SessionState[]>> = {
  pause: ['running'],
  resume: ['paused'],
  extend: ['running', 'paused', 'recovered'],
  end: ['running', 'paused'],
  announce: ['checked_in', 'running', 'paused', 'recovered'],
  release_start: ['checked_in'],
}

/** A verified command that still cannot be carried out: the schema leaves minutes and message optional. */
function refusalOf(command: RoomCommand): string | undefined {
  if (command.action === 'extend' && command.minutes === undefined) return 'an extend command names no minutes'
  if (command.action === 'announce' && command.message === undefined) return 'an announce command has no message'
  return undefined
}

const aimsAt = (command: RoomCommand, seat: string | null): boolean =>
  'all' in command.target || (seat !== null && command.target.seats.includes(seat))

export function applyRoomCommand(ctx: SessionContext, signed: unknown, trust: RoomTrust): RoomCommandResult {
  let command: RoomCommand
  try {
    command = verifyRoomCommand(signed, trust.roomKey, trust.sittingId)
  } catch (error) {
    // Nothing is recorded: an unverified command's id and sequence number are the sender's claim, not the room's.
    return { ...claimedIds(signed), outcome: 'refused', reason: (error as Error).message, sessions: [] }
  }
  const { signature } = signed as SignedRoomCommand
  const ids = { cmdId: command.cmdId, seq: command.seq }
  return ctx.transaction((): RoomCommandResult => {
    if (ctx.roomCommands.get(trust.sittingId, command.cmdId))
      return { ...ids, outcome: 'already_applied', sessions: [] }
    const refused = refusalOf(command)
    // A command for other seats is settled as applied with no effect: the room's sequence numbers are room-wide,
    // and the station's lastCommandSeq can only pass a command it has settled, so leaving it unsettled would have
    // the room resend it on every heartbeat and hold back the report of everything after it.
    const note = refused ?? (aimsAt(command, trust.seat) ? null : `not for seat ${trust.seat ?? '(none)'}`)
    const sessions = note === null ? applyToSessions(ctx, command, signature) : []
    ctx.roomCommands.insert({
      sittingId: trust.sittingId,
      ...ids,
      action: command.action,
      outcome: refused ? 'refused' : 'applied',
      note,
      command: canonicalJson(command),
      signature,
      sessions,
      appliedAt: ctx.nowIso(),
    })
    return { ...ids, outcome: refused ? 'refused' : 'applied', ...(note === null ? {} : { reason: note }), sessions }
  })
}

function applyToSessions(ctx: SessionContext, command: RoomCommand, signature: string): string[] {
  const changed: string[] = []
  for (const row of ctx.sessions.inStates(EFFECTIVE_IN[command.action])) {
    try {
      // A savepoint per session: one that cannot take the command (a session left by a dead process) rolls back
      // alone, and the others still get it.
      ctx.transaction(() => applyToSession(ctx, row.id, command, signature))
      changed.push(row.id)
    } catch (error) {
      if (!(error instanceof SessionError)) throw error
    }
  }
  return changed
}

function applyToSession(ctx: SessionContext, sessionId: string, command: RoomCommand, signature: string): void {
  ctx.append(sessionId, 'room_command', { command: command as unknown as JsonValue, signature })
  switch (command.action) {
    case 'pause':
    case 'resume':
      pauseOrResume(ctx, sessionId, command.action)
      return
    case 'extend':
      extendSession(ctx, sessionId, { minutes: command.minutes ?? 0, reason: command.reason })
      return
    case 'end':
      submitSession(ctx, sessionId, 'proctor', command.reason)
      return
    case 'announce':
    case 'release_start':
      return
  }
}

function claimedIds(signed: unknown): { cmdId?: string; seq?: number } {
  const claimed = (signed as { command?: { cmdId?: unknown; seq?: unknown } } | null)?.command
  const cmdId = typeof claimed?.cmdId === 'string' && claimed.cmdId.length > 0 ? claimed.cmdId.slice(0, 200) : undefined
  const seq = Number.isInteger(claimed?.seq) && (claimed?.seq as number) > 0 ? (claimed?.seq as number) : undefined
  return { ...(cmdId ? { cmdId } : {}), ...(seq ? { seq } : {}) }
}

/** What the station's settled commands say for the UI: announcements to show and whether the start is released. */
export interface RoomNotices {
  lastCommandSeq: number
  startReleased: boolean
  announcements: { cmdId: string; message: string; issuedAt: string; staffId: string }[]
}

export function roomNotices(ctx: SessionContext, sittingId: string): RoomNotices {
  const settled = ctx.roomCommands.all(sittingId).filter((c) => c.outcome === 'applied' && c.note === null)
  const commands = settled.map((c) => JSON.parse(c.command) as RoomCommand)
  return {
    lastCommandSeq: ctx.roomCommands.lastSeq(sittingId),
    startReleased: commands.some((c) => c.action === 'release_start'),
    announcements: commands
      .filter((c) => c.action === 'announce')
      .map((c) => ({ cmdId: c.cmdId, message: c.message ?? '', issuedAt: c.issuedAt, staffId: c.staffId })),
  }
}
