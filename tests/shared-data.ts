import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "vitest";

/**
 * `../shared` holds reference outputs and real test data. A user's fresh clone does not have it,
 * so tests that read it skip with a message instead of failing. CI always has it.
 * Override the location with CONCORD_SHARED_DIR.
 */
export const sharedDir = process.env.CONCORD_SHARED_DIR ?? path.resolve(import.meta.dirname, "../../shared");
export const hasShared = existsSync(path.join(sharedDir, "README.md"));

export function sharedPath(...parts: string[]): string {
  return path.join(sharedDir, ...parts);
}

/** `describe` that runs only when ../shared is present, and says why it skipped otherwise. */
export function describeShared(name: string, fn: () => void): void {
  if (hasShared) {
    describe(name, fn);
  } else {
    // Not describe.skip(fn): Vitest still runs a skipped block's body to collect its tests, and
    // these bodies read ../shared at collection time.
    describe(name, () => {
      it.skip(`skipped: ../shared (reference data) not found at ${sharedDir}`, () => {});
    });
  }
}

/** Record count of each real export in ../shared/data/imports, as its README states it ("ris/x.ris" → 4). */
export function realExportCounts(): Map<string, number> {
  const readme = readFileSync(sharedPath("data/imports/README.md"), "utf8");
  const counts = new Map<string, number>();
  for (const m of readme.matchAll(/^\| `([^`]+)` \| [^|]+ \| (\d+) records? \|/gm)) counts.set(m[1], Number(m[2]));
  return counts;
}
