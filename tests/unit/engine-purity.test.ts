import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../server/engine");
const forbidden = /from\s+["'](next(\/.*)?|react(-dom)?|drizzle-orm(\/.*)?|postgres|@electric-sql\/pglite|@\/db(\/.*)?|@\/server\/(review|routers|jobs)(\/.*)?|server-only)["']/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("server/engine stays pure", () => {
  it("imports no database, React or Next module", () => {
    const offenders = walk(root).filter((file) => forbidden.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
