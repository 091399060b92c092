/** Where a commit is, for the progress bar. */
export type CommitProgress =
  | { step: "uploading"; done: number; total: number }
  | { step: "saving"; records: number }
  | { step: "deduplicating"; records: number };

export interface CommitFailure {
  error: string;
  code?: string;
  details?: Record<string, unknown> | null;
}

/**
 * Commits an import with progress: XMLHttpRequest rather than fetch, because only it reports how much
 * of a large upload has been sent; the answer is the server's newline-delimited progress (see
 * streamedImport in server/review/import/http.ts). `importId` names the import for {@link cancelImport}.
 */
export function commitImport(
  projectId: string,
  importId: string,
  form: FormData,
  onProgress: (progress: CommitProgress) => void,
): Promise<{ ok: true; body: unknown } | { ok: false; body: CommitFailure }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/projects/${projectId}/import?step=commit&progress=1&importId=${importId}`);
    let read = 0;
    let outcome: { ok: true; body: unknown } | { ok: false; body: CommitFailure } | null = null;
    // complete lines only: the last one may still be arriving
    const readLines = () => {
      const text = xhr.responseText;
      const end = text.lastIndexOf("\n") + 1;
      if (end <= read) return;
      for (const line of text.slice(read, end).split("\n")) {
        if (!line.trim()) continue;
        const message = JSON.parse(line) as { progress?: CommitProgress; result?: unknown; failure?: CommitFailure };
        if (message.progress) onProgress(message.progress);
        if (message.result !== undefined) outcome = { ok: true, body: message.result };
        if (message.failure) outcome = { ok: false, body: message.failure };
      }
      read = end;
    };
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress({ step: "uploading", done: e.loaded, total: e.total });
    xhr.onprogress = () => xhr.status === 200 && readLines();
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let body: CommitFailure = { error: `The server answered ${xhr.status} ${xhr.statusText}.` };
        try {
          body = JSON.parse(xhr.responseText) as CommitFailure;
        } catch {
          /* not JSON: keep the status line */
        }
        return resolve({ ok: false, body });
      }
      readLines();
      resolve(outcome ?? { ok: false, body: { error: "The server's answer ended before the import finished; reload the page to see whether it was imported." } });
    };
    xhr.onerror = () => resolve({ ok: false, body: { error: "The connection to the server was lost; reload the page to see whether the import finished." } });
    xhr.send(form);
  });
}

/** Asks the server to stop an import this person started; it rolls back. False when it had already ended (or runs in another web process). */
export async function cancelImport(projectId: string, importId: string): Promise<boolean> {
  try {
    const res = await fetch(`/api/projects/${projectId}/import?step=cancel&importId=${importId}`, { method: "POST" });
    return res.ok && ((await res.json()) as { cancelled: boolean }).cancelled;
  } catch {
    return false; // the import goes on; the button can be pressed again
  }
}
