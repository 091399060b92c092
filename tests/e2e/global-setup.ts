import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Serves the production build on port 3100 with a fresh embedded database (or DATABASE_URL when
 * set), builds first if needed. Auth.js builds URLs from the host, so tests use `localhost`.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
let server: ChildProcess | undefined;
let dataDir: string | undefined;

export async function setup() {
  if (!existsSync(".next/BUILD_ID") || process.env.E2E_REBUILD) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  if (await fetch(`http://localhost:${port}/api/health`).then(() => true, () => false)) {
    throw new Error(`Port ${port} is already serving something; stop it (or set E2E_PORT) so the tests get a fresh app.`);
  }
  dataDir = mkdtempSync(path.join(tmpdir(), "concord-e2e-"));
  server = spawn("npx", ["next", "start", "-p", String(port)], {
    env: { ...process.env, CONCORD_DATA_DIR: dataDir, AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret", NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://localhost:${port}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  process.env.E2E_URL = `http://localhost:${port}`;
}

export async function teardown() {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
