"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { Stage } from "./types";

function Bar({ value, total, tone }: { value: number; total: number; tone?: string }) {
  const pct = total ? Math.min(100, (100 * value) / total) : 0;
  return <div className={`progress ${tone ?? ""}`} role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={value}><span style={{ width: `${pct}%` }} /></div>;
}

/** Own and team progress, and — when prioritising — the model's live estimate of relevant records left. */
export function ScreeningProgress({ projectId, stage, mine, prioritised }: { projectId: string; stage: Stage; mine?: { done: number; total: number }; prioritised: boolean }) {
  const trpc = useTRPC();
  const team = useQuery(trpc.screening.progress.queryOptions({ projectId, stage }, { refetchInterval: 20_000 }));
  const method = useQuery({ ...trpc.screening.method.queryOptions({ projectId }, { refetchInterval: 15_000 }), enabled: prioritised && stage === "title_abstract" });
  const t = team.data;
  const decided = t ? t.include + t.exclude : 0;
  const remaining = method.data?.model.remaining;
  return (
    <section className="card progress-panel" aria-label="Progress">
      {mine && (
        <div className="progress-line">
          <div className="progress-head"><span>You</span><strong>{mine.done.toLocaleString()} / {mine.total.toLocaleString()}</strong></div>
          <Bar value={mine.done} total={mine.total} />
        </div>
      )}
      {t && (
        <div className="progress-line">
          <div className="progress-head"><span>Team: final decisions</span><strong>{decided.toLocaleString()} / {t.total.toLocaleString()}</strong></div>
          <Bar value={decided} total={t.total} tone="team" />
          <div className="progress-legend">
            <span className="dot include" /> {t.include} included <span className="dot exclude" /> {t.exclude} excluded <span className="dot conflict" /> {t.conflict} conflicts
          </div>
          {t.reviewers.length > 0 && <div className="muted small-text">{t.reviewers.map((r) => `${r.name} ${r.done}`).join(" · ")}</div>}
        </div>
      )}
      {prioritised && stage === "title_abstract" && (
        <div className="progress-line model-line">
          <div className="progress-head"><span>Relevance order</span><span className="badge reviewer">on</span></div>
          {remaining ? (
            <p className="small-text">About <strong>{Math.round(remaining.expected)}</strong> relevant records likely remain (90% range {Math.round(remaining.low)}–{Math.round(remaining.high)}).</p>
          ) : (
            <p className="small-text muted">The model starts ranking once the team has included and excluded at least one record each.</p>
          )}
          {t?.stopping && t.stopping.rule.kind !== "none" && (
            <p className={`small-text ${t.stopping.met ? "stop-met" : "muted"}`}>
              Stopping rule {t.stopping.met ? "met" : "not met"}: {t.stopping.rule.kind === "consecutive_irrelevant" ? `${t.stopping.consecutiveIrrelevant}/${t.stopping.rule.n} excluded in a row` : `fewer than ${t.stopping.rule.n} estimated to remain`}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
