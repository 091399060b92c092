// Applies drizzle/ migrations to DATABASE_URL. The app migrates itself on start, so this is only
// for preparing a PostgreSQL server ahead of time (never run it against PGlite while the app runs).
import { openDatabase } from "@/db/client";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set; the embedded database migrates itself when the app starts.");
  process.exit(1);
}
const handle = await openDatabase(url);
console.log(`Migrations applied (${handle.mode}).`);
await handle.close();
