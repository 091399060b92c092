/**
 * Imports running in this process, by the id the browser chose for each, so the person who started
 * one can cancel it (its transaction rolls back: nothing is imported). Ids are random UUIDs from the
 * client; an entry lives only while its import runs.
 */
interface RunningImport {
  userId: string;
  projectId: string;
  controller: AbortController;
}

const running = new Map<string, RunningImport>();

/** Registers an import under `importId`; the returned signal aborts when it is cancelled. */
export function startRunningImport(importId: string, userId: string, projectId: string): { signal: AbortSignal; done: () => void } {
  const entry = { userId, projectId, controller: new AbortController() };
  running.set(importId, entry);
  return { signal: entry.controller.signal, done: () => running.get(importId) === entry && running.delete(importId) };
}

/** Cancels the caller's own import in this project; false when there is none (finished, or never started here). */
export function cancelRunningImport(importId: string, userId: string, projectId: string): boolean {
  const entry = running.get(importId);
  if (!entry || entry.userId !== userId || entry.projectId !== projectId) return false;
  entry.controller.abort();
  return true;
}

/** Whether the import named `importId` is still running in this process. */
export function isImportRunning(importId: string): boolean {
  return running.has(importId);
}
