/**
 * Who wants to know that a session's log just committed a change (a save, a state change, an incident, a room
 * command): the room link ships it now rather than at its next heartbeat. Told after the commit, synchronously and
 * best effort: a listener that throws is ignored, so nothing that listens can block or fail a save.
 */
export class SessionCommits {
  private readonly listeners = new Set<() => void>()

  /** Returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener()
      } catch {
        // Best effort by design: the commit already happened and stands.
      }
    }
  }
}
