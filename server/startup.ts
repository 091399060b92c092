import type { OpenDatabase } from "@/db/client";

/**
 * Work that must happen once per server process after the database is open. Later stages add
 * theirs here (e.g. the embedded analysis worker).
 */
export async function onServerStart(_handle: OpenDatabase): Promise<void> {}
