import type { CommandAck } from '../protocol/roomMessages'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { RoomTrust } from '../session/roomCommands'

/**
 * The room commands a heartbeat reply carries, applied here, and the acknowledgements the next heartbeats owe the
 * room for them. Each command is verified against the sitting's room key when applied (session/roomCommands.ts);
 * an acknowledgement is dropped only once a heartbeat carrying it reached the room.
 */
export const MAX_ACKS_PER_HEARTBEAT = 1000

const claimedSeq = (signed: unknown): number => {
  const seq = (signed as { command?: { seq?: unknown } } | null)?.command?.seq
  return typeof seq === 'number' && Number.isFinite(seq) ? seq : Number.MAX_SAFE_INTEGER
}

export class CommandInbox {
  private acks: CommandAck[] = []

  constructor(private readonly runtime: StationRuntime) {}

  /** Acknowledgements waiting for the next heartbeat that reaches the room. */
  get pending(): number {
    return this.acks.length
  }

  /** What the next heartbeat carries; call delivered() with it once the room answered. */
  outgoing(): CommandAck[] {
    return this.acks.slice(0, MAX_ACKS_PER_HEARTBEAT)
  }

  delivered(sent: readonly CommandAck[]): void {
    this.acks = this.acks.slice(sent.length)
  }

  /**
   * In sequence order, so commands missed while the room was away apply in the order the room gave them. Returns
   * the last storage failure's message (that command stays unacknowledged), or null.
   */
  apply(commands: readonly unknown[], trust: RoomTrust, nowIso: () => string): string | null {
    let failure: string | null = null
    for (const signed of [...commands].sort((a, b) => claimedSeq(a) - claimedSeq(b))) {
      let result
      try {
        result = this.runtime.sessions.applyRoomCommand(signed, trust)
      } catch (error) {
        // Storage failed: nothing was settled, so no ack; the room sends the command again next heartbeat.
        failure = `a room command could not be applied: ${(error as Error).message}`
        continue
      }
      if (result.cmdId === undefined || result.seq === undefined) continue
      this.acks.push({
        cmdId: result.cmdId,
        seq: result.seq,
        outcome: result.outcome,
        ...(result.reason === undefined ? {} : { reason: result.reason.slice(0, 500) }),
        at: nowIso(),
      })
    }
    return failure
  }
}
