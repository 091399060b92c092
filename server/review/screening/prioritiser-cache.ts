import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { buildCorpus, type Corpus } from "@/server/engine/screening/tfidf";
import { Prioritiser } from "@/server/engine/screening/prioritiser";
import { estimateRemainingRelevant, type RemainingEstimate } from "./remaining-estimate";
import { queryRows } from "./sql-rows";

/**
 * Per-project, in-memory prioritisation state: the vectorised title/abstract corpus (built once,
 * rebuilt when the pool changes) and the engine's incremental model, retrained in the background
 * after decisions arrive so that serving the next record never waits for training.
 */
interface ProjectModel {
  db: DbOrTx;
  signature: string;
  checkedAt: number;
  corpus: Corpus;
  prioritiser: Prioritiser;
  /** Pool ids in source order (used when prioritisation is off, and before the model can learn). */
  sourceOrder: string[];
  /** Pool ids, highest relevance score first (null until the first training). */
  ranked: string[] | null;
  labelsDirty: boolean;
  rebuildModel: boolean;
  refreshing: Promise<void> | null;
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
  corpusBuildMs: number;
  trainedAt: Date | null;
  remaining: RemainingEstimate | null;
}

const poolCheckMs = 5_000;

class PrioritiserCache {
  private readonly models = new Map<string, Promise<ProjectModel>>();

  /**
   * Pool record ids in screening order: by the model's relevance score when prioritising (and the
   * model has both classes to learn from), else in import order. The caller filters out what the
   * reviewer may not screen.
   */
  async order(db: DbOrTx, projectId: string, prioritise: boolean): Promise<string[]> {
    const model = await this.get(db, projectId);
    if (prioritise && (model.labelsDirty || model.ranked === null)) this.scheduleRefresh(projectId, model);
    return prioritise && model.ranked ? model.ranked : model.sourceOrder;
  }

  /** Model statistics; trains first if asked (used by tests and benches). */
  async stats(db: DbOrTx, projectId: string, { waitForTraining = false } = {}): Promise<ModelStats> {
    const model = await this.get(db, projectId);
    if (waitForTraining) await this.refresh(projectId, model);
    else if (model.labelsDirty || model.ranked === null) this.scheduleRefresh(projectId, model);
    return model.stats;
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

  /** Forgets a project (tests; after an import the pool check notices by itself). */
  drop(projectId: string): void {
    this.models.delete(projectId);
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
      model.checkedAt = Date.now();
      if ((await poolSignature(db, projectId)) !== model.signature) {
        this.models.delete(projectId);
        return this.get(db, projectId);
      }
    }
    return model;
  }

  private scheduleRefresh(projectId: string, model: ProjectModel): void {
    if (model.refreshing) return;
    // setImmediate: the response that triggered this goes out first; training runs after it.
    setImmediate(() => void this.refresh(projectId, model).catch(() => undefined));
  }

  private async refresh(projectId: string, model: ProjectModel): Promise<void> {
    while (model.refreshing) await model.refreshing;
    if (!model.labelsDirty && model.ranked) return;
    model.refreshing = (async () => {
      model.labelsDirty = false;
      const labels = await teamLabels(model.db, projectId);
      if (model.rebuildModel) {
        model.prioritiser = new Prioritiser(model.corpus.matrix);
        model.rebuildModel = false;
      }
      const started = performance.now();
      const p = model.prioritiser;
      for (const { recordId, label } of labels) {
        const row = model.corpus.indexOf.get(recordId);
        if (row !== undefined) p.decide(row, label);
      }
      const scores = p.scores();
      const order = Int32Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
      model.ranked = Array.from(order, (row) => model.corpus.ids[row]);
      const remaining = p.canLearn ? estimateRemainingRelevant(scores, p.training.labels) : null;
      model.stats = {
        ...model.stats,
        labelledRelevant: p.training.nRelevant,
        labelledIrrelevant: p.training.nIrrelevant,
        retrainMs: performance.now() - started,
        trainedAt: new Date(),
        remaining,
      };
    })();
    try {
      await model.refreshing;
    } finally {
      model.refreshing = null;
    }
  }
}

async function build(db: DbOrTx, projectId: string): Promise<ProjectModel> {
  const signature = await poolSignature(db, projectId);
  const rows = await queryRows<{ id: string; title: string | null; abstract: string | null; keywords: string[] | null }>(
    db,
    sql`select id, title, abstract, keywords from records
        where project_id = ${projectId} and duplicate_of is null and removal_reason is null
        order by source_id, source_index`,
  );
  const started = performance.now();
  const corpus = buildCorpus(rows.map((r) => ({ id: r.id, title: r.title ?? "", abstract: r.abstract ?? "", keywords: (r.keywords ?? []).join("; ") })));
  const corpusBuildMs = performance.now() - started;
  const prioritiser = new Prioritiser(corpus.matrix);
  return {
    db, signature, checkedAt: Date.now(), corpus, prioritiser, sourceOrder: corpus.ids, ranked: null, labelsDirty: true, rebuildModel: false, refreshing: null,
    stats: {
      method: describeMethod(prioritiser),
      records: corpus.ids.length, labelledRelevant: 0, labelledIrrelevant: 0, retrainMs: null, corpusBuildMs, trainedAt: null, remaining: null,
    },
  };
}

/** The methods-section wording of the ranking model. */
export function describeMethod(p: Prioritiser): string {
  const model = { svm: "linear support vector machine", nb: "multinomial naive Bayes", ensemble: "naive Bayes + linear SVM ensemble" }[p.options.model];
  return `${model} on TF-IDF word uni- and bigram features of title, abstract and keywords, retrained after every title/abstract decision (Concord screening engine)`;
}

async function poolSignature(db: DbOrTx, projectId: string): Promise<string> {
  const [row] = await queryRows<{ n: number; last: string | null }>(
    db,
    sql`select count(*)::int as n, max(created_at)::text as last from records
        where project_id = ${projectId} and duplicate_of is null and removal_reason is null`,
  );
  return `${row.n}|${row.last}`;
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
