import { sql } from "drizzle-orm";
import { uuidArray } from "@/server/review/uuid-array";
import type { DbOrTx } from "@/db/client";
import { describeMethod } from "./model-core";
import { ModelHost } from "./model-host";
import { queryRows } from "./sql-rows";

export { describeMethod };

/**
 * Per-project, in-memory prioritisation state: the ranked order of the title/abstract pool. The
 * vectorised corpus and the engine's incremental model live in a worker thread (model-host.ts),
 * built once (again when the pool changes) and retrained in the background after decisions
 * arrive, so serving the next record never waits for, nor is stalled by, vectorising or training.
 */
interface ProjectModel {
  db: DbOrTx;
  signature: string;
  checkedAt: number;
  host: ModelHost;
  /** Corpus row → record id; null until vectorised in the background. */
  corpusIds: string[] | null;
  vectorising: Promise<void> | null;
  /** Pool ids in source order (used when prioritisation is off, and before the model can learn). */
  sourceOrder: string[];
  /** Pool ids, highest relevance score first (null until the first training). */
  ranked: string[] | null;
  labelsDirty: boolean;
  rebuildModel: boolean;
  refreshing: Promise<void> | null;
  timer: ReturnType<typeof setTimeout> | null;
  firstDirtyAt: number | null;
  stats: ModelStats;
}

/** What the team sees about the model, and what the report records. */
export interface ModelStats {
  /** The engine's classifier and features, for the methods section. */
  method: string;
  records: number;
  labelledRelevant: number;
  labelledIrrelevant: number;
  /** Milliseconds the last retrain + rescoring took (null before the first). */
  retrainMs: number | null;
  /** Milliseconds the TF-IDF vectorisation took (null until done). */
  corpusBuildMs: number | null;
  trainedAt: Date | null;
  /** The engine's estimate of relevant records among the unscreened (90% interval), refreshed at most every {@link estimateEveryMs}. */
  remaining: { expected: number; low: number; high: number; method: string; at: Date } | null;
}

const poolCheckMs = 5_000;
/**
 * Retraining takes tens to hundreds of ms on 20,000 records (in the worker), so decisions are
 * batched: the model retrains once decisions pause for `retrainQuietMs`, and at least every
 * `retrainMaxWaitMs` while they keep coming. The out-of-fold estimate costs several refits, so
 * it is refreshed less often.
 */
const retrainQuietMs = 700;
const retrainMaxWaitMs = 4_000;
const estimateEveryMs = 15_000;

class PrioritiserCache {
  private readonly models = new Map<string, Promise<ProjectModel>>();

  /**
   * Pool record ids in screening order: by the model's relevance score when prioritising (and the
   * model has both classes to learn from), else in import order. The caller filters out what the
   * reviewer may not screen. The array is replaced, never mutated, when the order changes.
   */
  async order(db: DbOrTx, projectId: string, prioritise: boolean): Promise<readonly string[]> {
    const model = await this.get(db, projectId);
    if (prioritise && !model.corpusIds) this.scheduleVectorise(model);
    else if (prioritise && (model.labelsDirty || model.ranked === null)) this.scheduleRefresh(projectId, model);
    return prioritise && model.ranked ? model.ranked : model.sourceOrder;
  }

  /** Model statistics; trains first if asked (used by tests and benches). */
  async stats(db: DbOrTx, projectId: string, { waitForTraining = false } = {}): Promise<ModelStats> {
    const model = await this.get(db, projectId);
    if (waitForTraining) {
      this.scheduleVectorise(model);
      await model.vectorising;
      await this.refresh(projectId, model);
    } else if (!model.corpusIds) this.scheduleVectorise(model);
    else if (model.labelsDirty || model.ranked === null) this.scheduleRefresh(projectId, model);
    return model.stats;
  }

  /** Number of records in the title/abstract pool (from the cache: no count query per request). */
  async poolSize(db: DbOrTx, projectId: string): Promise<number> {
    return (await this.get(db, projectId)).sourceOrder.length;
  }

  /** True when the project's model runs in a worker thread (tests). */
  async inWorker(db: DbOrTx, projectId: string): Promise<boolean> {
    return (await this.get(db, projectId)).host.inWorker();
  }

  /** Called after each title/abstract decision; `rebuild` when a label was withdrawn (undo). */
  invalidateLabels(projectId: string, { rebuild = false } = {}): void {
    const pending = this.models.get(projectId);
    if (!pending) return;
    void pending.then((model) => {
      model.labelsDirty = true;
      model.rebuildModel ||= rebuild;
      this.scheduleRefresh(projectId, model);
    }, () => undefined);
  }

  /** Forgets a project and stops its worker (tests; after an import the pool check notices by itself). */
  drop(projectId: string): void {
    const pending = this.models.get(projectId);
    this.models.delete(projectId);
    void pending?.then((m) => {
      if (m.timer) clearTimeout(m.timer);
      m.host.close();
    }, () => undefined);
  }

  private async get(db: DbOrTx, projectId: string): Promise<ProjectModel> {
    let pending = this.models.get(projectId);
    if (!pending) {
      pending = build(db, projectId);
      this.models.set(projectId, pending);
      pending.catch(() => this.models.delete(projectId));
    }
    const model = await pending;
    if (Date.now() - model.checkedAt > poolCheckMs) {
      // Checked off the request path: the queue re-checks pool membership in SQL anyway, so an
      // import or dedup reaches the order one request later instead of costing every request.
      model.checkedAt = Date.now();
      void poolSignature(db, projectId).then((signature) => {
        if (signature !== model.signature && this.models.get(projectId) === pending) this.drop(projectId);
      }, () => undefined);
    }
    return model;
  }

  /**
   * Vectorising a large pool takes seconds (20,000 records: see the README), so it never runs on
   * a request's path: until it is done the queue is served in import order.
   */
  private scheduleVectorise(model: ProjectModel): void {
    if (model.vectorising) return;
    model.vectorising = vectorise(model);
    model.vectorising.catch(() => this.forget(model));
  }

  private scheduleRefresh(projectId: string, model: ProjectModel): void {
    if (!model.corpusIds) return;
    const now = Date.now();
    model.firstDirtyAt ??= now;
    if (model.timer) clearTimeout(model.timer);
    const delay = model.ranked === null ? 0 : Math.max(0, Math.min(retrainQuietMs, model.firstDirtyAt + retrainMaxWaitMs - now));
    model.timer = setTimeout(() => {
      model.timer = null;
      model.firstDirtyAt = null;
      void this.refresh(projectId, model).catch(() => undefined);
    }, delay);
    model.timer.unref?.();
  }

  private async refresh(projectId: string, model: ProjectModel): Promise<void> {
    while (model.refreshing) await model.refreshing;
    const ids = model.corpusIds;
    if (!ids || (!model.labelsDirty && model.ranked)) return;
    model.refreshing = (async () => {
      model.labelsDirty = false;
      const labels = await teamLabels(model.db, projectId);
      const previous = model.stats.remaining;
      const estimate = !previous || Date.now() - previous.at.getTime() > estimateEveryMs;
      const rebuild = model.rebuildModel;
      model.rebuildModel = false;
      const r = await model.host.train(labels, { rebuild, estimate });
      model.ranked = Array.from(r.order, (row) => ids[row]);
      model.stats = {
        ...model.stats,
        method: r.method,
        labelledRelevant: r.labelledRelevant,
        labelledIrrelevant: r.labelledIrrelevant,
        retrainMs: r.retrainMs,
        trainedAt: new Date(),
        remaining: r.remaining ? { ...r.remaining, at: new Date() } : previous,
      };
    })();
    try {
      await model.refreshing;
    } catch (error) {
      this.forget(model);
      throw error;
    } finally {
      model.refreshing = null;
    }
  }

  /** Drops a model whose worker failed, so the next request builds a fresh one. */
  private forget(model: ProjectModel): void {
    for (const [projectId, pending] of this.models) {
      void pending.then((m) => {
        if (m === model && this.models.get(projectId) === pending) this.drop(projectId);
      }, () => undefined);
    }
  }
}

async function build(db: DbOrTx, projectId: string): Promise<ProjectModel> {
  const signature = await poolSignature(db, projectId);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from records where project_id = ${projectId} and duplicate_of is null and removal_reason is null order by source_id, source_index`,
  );
  return {
    db, signature, checkedAt: Date.now(), host: new ModelHost(rows.length), corpusIds: null, vectorising: null, sourceOrder: rows.map((r) => r.id), ranked: null,
    labelsDirty: true, rebuildModel: false, refreshing: null, timer: null, firstDirtyAt: null,
    stats: { method: describeMethod(), records: rows.length, labelledRelevant: 0, labelledIrrelevant: 0, retrainMs: null, corpusBuildMs: null, trainedAt: null, remaining: null },
  };
}

/**
 * Sends the pool's text to the model worker in chunks (each a short query and a short message,
 * so the event loop keeps serving requests), then has the worker build the TF-IDF matrix.
 */
async function vectorise(model: ProjectModel): Promise<void> {
  const chunk = 1_000;
  for (let start = 0; start < model.sourceOrder.length; start += chunk) {
    const ids = model.sourceOrder.slice(start, start + chunk);
    const rows = await queryRows<{ id: string; title: string | null; abstract: string | null; keywords: string[] | null }>(
      model.db,
      sql`select id, title, abstract, keywords from records where id = any(${uuidArray(ids)})`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    await model.host.add(ids.filter((id) => byId.has(id)).map((id) => {
      const r = byId.get(id)!;
      return { id, title: r.title ?? "", abstract: r.abstract ?? "", keywords: (r.keywords ?? []).join("; ") };
    }));
  }
  const built = await model.host.build();
  model.corpusIds = built.ids;
  model.stats = { ...model.stats, corpusBuildMs: built.corpusBuildMs, method: built.method };
  model.labelsDirty = true;
}

/**
 * What identifies the title/abstract pool's membership: its size, newest record and a sum of its
 * ids' hashes — without the sum, removing one record and restoring another (or undoing one merge
 * and making another) looked unchanged to the other processes, which then never served the record
 * that came back.
 */
export async function poolSignature(db: DbOrTx, projectId: string): Promise<string> {
  const [row] = await queryRows<{ n: number; last: string | null; ids: string }>(
    db,
    sql`select count(*)::int as n, max(created_at)::text as last, coalesce(sum(hashtext(id::text)::bigint), 0)::text as ids from records
        where project_id = ${projectId} and duplicate_of is null and removal_reason is null`,
  );
  return `${row.n}|${row.last}|${row.ids}`;
}

/**
 * The team's label of each title/abstract-screened record, for the model: a resolution wins;
 * otherwise any include makes it relevant, all-exclude irrelevant, maybe alone teaches nothing.
 */
async function teamLabels(db: DbOrTx, projectId: string): Promise<{ recordId: string; label: 0 | 1 }[]> {
  const rows = await queryRows<{ record_id: string; label: number | null }>(
    db,
    sql`select d.record_id,
          case when cr.decision = 'include' then 1 when cr.decision = 'exclude' then 0
               when d.any_include then 1 when d.all_exclude then 0 else null end as label
        from (select record_id, bool_or(decision = 'include') as any_include, bool_and(decision = 'exclude') as all_exclude
              from screening_decisions where project_id = ${projectId} and stage = 'title_abstract' group by record_id) d
        left join conflict_resolutions cr on cr.record_id = d.record_id and cr.stage = 'title_abstract' and cr.superseded_at is null`,
  );
  return rows.filter((r) => r.label !== null).map((r) => ({ recordId: r.record_id, label: Number(r.label) as 0 | 1 }));
}

/** One cache per server process. */
export const prioritiserCache = new PrioritiserCache();
