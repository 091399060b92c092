// `npm start` on a fresh clone: build the app first if there is no production build yet.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build found: running `next build` once (about a minute)…");
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
