import type { Role } from "@/db/schema";
import { AppError } from "../errors";
import { roleAtLeast } from "../projects/roles";
import type { ScreeningSettings } from "./settings";

/** Reviewers and above screen; when the owner picked screeners, only those. */
export function isScreener(settings: Pick<ScreeningSettings, "screenerIds">, userId: string, role: Role): boolean {
  if (!roleAtLeast(role, "reviewer")) return false;
  return settings.screenerIds.length === 0 || settings.screenerIds.includes(userId);
}

export function requireScreener(settings: Pick<ScreeningSettings, "screenerIds">, userId: string, role: Role): void {
  if (!isScreener(settings, userId, role)) {
    throw new AppError("FORBIDDEN", "The owner has not assigned you to screen in this project.");
  }
}
