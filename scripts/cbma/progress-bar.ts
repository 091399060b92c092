/**
 * A one-line progress bar on stderr for long CBMA runs (fraction, counts, elapsed, ETA).
 * Redraws in place on a TTY; elsewhere prints a line every 10 %.
 */
export interface ProgressLike {
  fraction: number;
  done: number;
  total: number;
  elapsedS: number;
  etaS: number | null;
  stage: string;
}

function fmt(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return "--";
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

/** Returns a progress callback writing to `stream` (default stderr) and a `done()` to end the line. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 30): { update: (p: ProgressLike) => void; done: () => void } {
  let lastDecile = -1;
  let drawn = false;
  return {
    update(p) {
      const filled = Math.round(p.fraction * width);
      const line = `${p.stage} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(100 * p.fraction).toFixed(0).padStart(3)}% ${p.done}/${p.total} elapsed ${fmt(p.elapsedS)} ETA ${fmt(p.etaS)}`;
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
      } else {
        const decile = Math.floor(p.fraction * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          stream.write(`${line}\n`);
        }
      }
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
      lastDecile = -1;
    },
  };
}
