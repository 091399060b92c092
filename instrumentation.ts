// Runs once when the server starts: open the database (applying migrations) before the first
// request, so a fresh clone is ready as soon as `npm start` prints its URL.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("@/db/client");
  const handle = await getDatabase();
  console.log(`Concord database: ${handle.mode}${handle.mode === "embedded" ? ` (${(await import("@/db/client")).embeddedDataDir()})` : ""}`);
  const hooks = await import("@/server/startup");
  await hooks.onServerStart(handle);
}
