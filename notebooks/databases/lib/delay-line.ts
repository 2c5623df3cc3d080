/**
 * The schedule of the delaying proxy (delay-proxy.ts), apart from its sockets: every chunk that
 * arrives is held for the one-way delay, then released, in the order chunks arrived. One line
 * serves every connection and both directions of the proxy: with one delay for all, arrival order
 * is also release order, so a single queue keeps each direction's bytes in order and needs one
 * alarm, for its head. A chunk is never released before its time: a release is `arrival + delay`,
 * or the previous release if that is later (when the delay was lowered while chunks were waiting).
 * Pure.
 */
export class DelayLine<T> {
  private items: Array<{ due: number; item: T }> = [];
  private head = 0;
  private lastDue = Number.NEGATIVE_INFINITY;

  /** `oneWayMs`: how long each chunk is held (half the added round trip). */
  constructor(private oneWayMs = 0) {}

  get delayMs(): number {
    return this.oneWayMs;
  }

  /** A new one-way delay, for chunks that arrive from now on. */
  setDelay(oneWayMs: number): void {
    if (!(oneWayMs >= 0)) throw new Error(`a delay is a number of ms, 0 or more (got ${oneWayMs})`);
    this.oneWayMs = oneWayMs;
  }

  /** Chunks waiting. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Holds `item`, arrived at `now` (ms); returns when it is due. */
  push(item: T, now: number): number {
    const due = Math.max(now + this.oneWayMs, this.lastDue);
    this.lastDue = due;
    this.items.push({ due, item });
    return due;
  }

  /** When the first waiting chunk is due, or undefined when none waits. */
  nextDue(): number | undefined {
    return this.items[this.head]?.due;
  }

  /** The chunks due at `now` or before, in arrival order; they leave the line. */
  takeDue(now: number): T[] {
    const out: T[] = [];
    while (this.head < this.items.length && this.items[this.head]!.due <= now) out.push(this.items[this.head++]!.item);
    // Drop the released prefix now and then, not on every call.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}
