import type { z } from "zod";
import { AppError } from "../errors";

/** Parses service input with zod; problems become one BAD_REQUEST naming each path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 8).map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`);
  throw new AppError("BAD_REQUEST", `Invalid ${what}: ${issues.join("; ")}`, { issues: result.error.issues });
}
