/** Label of a screened record for the model: 1 relevant (include), 0 irrelevant (exclude). */
export type RelevanceLabel = 0 | 1;

/**
 * The records screened so far, in the order they were decided. Appending is O(1), so the models
 * can keep per-record state (dual variables, class sums) and update it incrementally.
 */
export class TrainingSet {
  /** -1 unscreened, else the label; indexed by corpus row. */
  readonly labels: Int8Array;
  rows: Int32Array;
  size = 0;
  nRelevant = 0;
  /** Bumped when a decided record changes label, so incremental models know to rebuild. */
  revision = 0;

  constructor(nRows: number) {
    this.labels = new Int8Array(nRows).fill(-1);
    this.rows = new Int32Array(Math.min(Math.max(nRows, 1), 64));
  }

  /** Records a decision; a record already labelled keeps its place but can change label. */
  add(row: number, label: RelevanceLabel): void {
    const old = this.labels[row];
    if (old === label) return;
    if (old === -1) {
      if (this.size === this.rows.length) {
        const grown = new Int32Array(Math.min(this.rows.length * 2, this.labels.length));
        grown.set(this.rows);
        this.rows = grown;
      }
      this.rows[this.size++] = row;
    } else {
      this.revision++;
      if (old === 1) this.nRelevant--;
    }
    this.labels[row] = label;
    if (label === 1) this.nRelevant++;
  }

  get nIrrelevant(): number {
    return this.size - this.nRelevant;
  }
}
