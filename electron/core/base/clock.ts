/**
 * Time sources are injected so tests can jump time and the timer never trusts the wall clock.
 * monotonicMs never goes backwards and ignores wall-clock changes; wallMs is only for timestamps and jump detection.
 */
export interface Clock {
  monotonicMs(): number
  wallMs(): number
}

export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
}

/** A clock tests drive by hand. */
export class ManualClock implements Clock {
  constructor(
    private mono = 0,
    private wall = Date.UTC(2026, 10, 23, 9, 0, 0),
  ) {}
  monotonicMs(): number {
    return this.mono
  }
  wallMs(): number {
    return this.wall
  }
  /** Real time passes: both clocks move. */
  advance(ms: number): void {
    this.mono += ms
    this.wall += ms
  }
  /** Someone changes the system time: only the wall clock moves. */
  jumpWall(ms: number): void {
    this.wall += ms
  }
}
