"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

type Reason = "automation" | "other";
export type RemovalFilter = { q: string; sourceId: string | null; status: "all" | "screenable" | "duplicate" | "removed" };

/** PRISMA 2020's words for the two reasons a person can give. */
export const REASON_LABEL: Record<Reason, string> = { automation: "marked as ineligible by an automation tool", other: "removed for another reason" };
const NOTE_HINT: Record<Reason, string> = {
  automation: "Which tool and setting, e.g. “RobotSearch RCT classifier, threshold 0.1”.",
  other: "Why, e.g. “published before 2000” or “conference abstract”.",
};

const plural = (n: number) => `${n.toLocaleString()} record${n === 1 ? "" : "s"}`;

/**
 * "Remove before screening…" and "Restore" for the records table: on the ticked records, or — with
 * none ticked — on every record matching the filter (the count shown is sent along, and the server
 * refuses if it changed).
 */
export function RemovalActions(props: { projectId: string; picked: string[]; pickedRemoved: number; filter: RemovalFilter; total: number; onDone(): void }) {
  const { projectId, picked, pickedRemoved, filter, total } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<Reason>("automation");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const byFilter = picked.length === 0;
  const count = byFilter ? total : picked.length;
  const selection = byFilter ? { kind: "filter" as const, filter, expectedCount: total } : { kind: "ids" as const, recordIds: picked };
  const scope = byFilter ? (total === 1 ? "the 1 matching record" : `all ${plural(total)} matching`) : `the ${picked.length.toLocaleString()} selected record${picked.length === 1 ? "" : "s"}`;
  const done = async (text: string) => {
    setMessage({ ok: true, text });
    setOpen(false);
    setNote("");
    props.onDone();
    await queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() });
  };
  const onError = (e: unknown) => setMessage({ ok: false, text: errorMessage(e) });
  const remove = useMutation(trpc.records.remove.mutationOptions({ onSuccess: (r) => done(`${plural(r.removed)} ${REASON_LABEL[reason]}.`), onError }));
  const restore = useMutation(trpc.records.restore.mutationOptions({ onSuccess: (r) => done(`${plural(r.restored)} back in the screening pool.`), onError }));
  // restoring applies to removed records only: ticked ones, or the "Removed before screening" filter
  const canRestore = byFilter ? filter.status === "removed" && total > 0 : pickedRemoved === picked.length;
  // a filter on duplicates or removed records holds nothing that can be removed
  const canRemove = !byFilter || filter.status === "all" || filter.status === "screenable";

  return (
    <div>
      <div className="table-toolbar">
        <span className="muted">{byFilter ? "Select records, or act on every record matching the filter:" : `${plural(picked.length)} selected.`}</span>
        <span className="spacer" />
        {canRemove && <button className="small" disabled={count === 0 || open} onClick={() => { setMessage(null); setOpen(true); }}>Remove {scope} before screening…</button>}
        {canRestore && (
          <button className="small" disabled={restore.isPending} onClick={() => { if (confirm(`Put ${scope} back into the screening pool?`)) { setMessage(null); restore.mutate({ projectId, selection }); } }}>Restore {scope}</button>
        )}
      </div>
      {open && (
        <form className="padded stack" style={{ borderBottom: "1px solid var(--line)", background: "#fbfcfe" }} aria-label="Remove before screening" onSubmit={(e) => { e.preventDefault(); remove.mutate({ projectId, selection, reason, note }); }}>
          <p className="small-print muted">Removed records leave title/abstract screening and are counted in the PRISMA box “records removed before screening”. Records that reached screening cannot be removed: exclude them there.</p>
          {byFilter && filter.status !== "screenable" && <p className="small-print muted">Tip: choose “To screen” in the status filter first; merged duplicates or records removed already make the whole removal refused.</p>}
          <div className="row">
            {(Object.keys(REASON_LABEL) as Reason[]).map((r) => (
              <label key={r} className="checkbox"><input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} /> {REASON_LABEL[r][0].toUpperCase() + REASON_LABEL[r].slice(1)}</label>
            ))}
          </div>
          <div className="field">
            <label htmlFor="removal-note">Note (kept with each record and in the audit log)</label>
            <textarea id="removal-note" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={NOTE_HINT[reason]} />
          </div>
          <div className="row">
            <button type="submit" className="primary" disabled={remove.isPending}>Remove {scope}</button>
            <button type="button" onClick={() => setOpen(false)}>Cancel</button>
          </div>
        </form>
      )}
      {message && <div className={`alert ${message.ok ? "ok" : "error"}`} style={{ margin: "10px 12px" }} role={message.ok ? "status" : "alert"}>{message.text}</div>}
    </div>
  );
}
