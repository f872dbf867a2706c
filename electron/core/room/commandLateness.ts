/**
 * When a seat applied a room command late: its station did not hear the command while it was issued (the network or
 * the PC was down) and applied it when it came back. A station that hears a command at once applies it within one
 * heartbeat (2 s) and acknowledges it right after (it reports each commit at once), so a command applied more than
 * five heartbeats after it was issued was late.
 */
export const LATE_AFTER_MS = 10_000

/**
 * How late, in whole seconds, or null when on time. Applied at the station's own time of the acknowledgement, but no
 * later than the room received it: a station clock running fast cannot make a command look late, and an
 * acknowledgement held back by a network cut after an on-time apply does not either.
 */
export function appliedLateBySeconds(issuedAt: string, ack: { at: string; receivedAt: string }): number | null {
  const issued = Date.parse(issuedAt)
  const applied = Math.min(Date.parse(ack.at), Date.parse(ack.receivedAt))
  if (!Number.isFinite(issued) || !Number.isFinite(applied)) return null
  const lateMs = applied - issued
  return lateMs > LATE_AFTER_MS ? Math.round(lateMs / 1000) : null
}
