/**
 * progressLine shows how far a long command has got (`surge replay` of a day's file,
 * `surge simulate --out`) on one line of stderr, redrawn in place, and only when stderr is a
 * terminal: piped or redirected output, logs and tests see nothing. Redraws are at most one per
 * REDRAW_MS, so reporting after every event costs a clock read; end() clears the line.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** show draws `label NN%` for `done` of `total` (any unit), unless drawn less than REDRAW_MS ago. */
  show(label: string, done: number, total: number): void;
  /** end clears the line, so what the command prints next starts clean. */
  end(): void;
}

/** REDRAW_MS: often enough to see it move, seldom enough to cost nothing. */
export const REDRAW_MS = 200;

const CLEAR_LINE = '\r\x1b[K';

export function progressLine(stream: ProgressStream = process.stderr, clock: () => number = Date.now): ProgressLine {
  if (!stream.isTTY) return { show: () => undefined, end: () => undefined };
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    show(label, done, total) {
      const now = clock();
      if (now - drawnAt < REDRAW_MS) return;
      drawnAt = now;
      drawn = true;
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      stream.write(`${CLEAR_LINE}${label} ${percent}%`);
    },
    end() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
