import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

/** Liveness and readiness: version, database mode, and whether a query round-trips. */
export async function GET() {
  const started = performance.now();
  try {
    const handle = await getDatabase();
    await handle.db.execute(sql`select 1`);
    return Response.json({
      status: "ok",
      version: packageJson.version,
      database: { mode: handle.mode, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 },
    });
  } catch (error) {
    return Response.json(
      { status: "error", version: packageJson.version, database: { ok: false, error: error instanceof Error ? error.message : String(error) } },
      { status: 503 },
    );
  }
}
