/**
 * Turns of the event loop, handed out one at a time: `await turns.next()` resolves in a turn of its own, after the
 * loop has polled for I/O again. The results import takes a turn before each bundle's checks, so that a PostgreSQL
 * write waiting on this thread for its next statement (the previous batch's) is answered after one bundle's checks,
 * not after those of every bundle whose signature came back from the thread pool meanwhile.
 */
export class LoopTurns {
  private readonly waiting: (() => void)[] = []
  private scheduled = false

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve)
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return
    this.scheduled = true
    // An immediate queued while immediates run waits for the next turn: one waiter per turn.
    setImmediate(() => {
      this.scheduled = false
      this.waiting.shift()?.()
      this.schedule()
    })
  }
}
