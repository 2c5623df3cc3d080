/**
 * Splits a byte stream into lines with a hard cap on a line's length, so a cell that prints a
 * gigabyte without a newline cannot grow the runner's memory.
 */
export class LineSplitter {
  private partial = '';
  private overlong = false;

  constructor(
    private readonly onLine: (line: string, cut: boolean) => void,
    private readonly maxLineChars = 64 * 1024,
  ) {}

  /** Feed a chunk; whole lines are delivered at once, a line past the cap is cut and flagged. */
  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      this.append(chunk.slice(start, nl));
      this.flushLine();
      start = nl + 1;
    }
    this.append(chunk.slice(start));
  }

  /** Deliver whatever is left when the stream ends. */
  end(): void {
    if (this.partial.length > 0 || this.overlong) this.flushLine();
  }

  private append(text: string): void {
    if (this.overlong) return;
    const room = this.maxLineChars - this.partial.length;
    if (text.length > room) {
      this.partial += text.slice(0, room);
      this.overlong = true;
    } else {
      this.partial += text;
    }
  }

  private flushLine(): void {
    const line = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
    const cut = this.overlong;
    this.partial = '';
    this.overlong = false;
    this.onLine(line, cut);
  }
}
