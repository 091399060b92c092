import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "concord-cbma-cli-"));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/cbma.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
}

/** Eight hand-made experiments converging at (40, 10, 0) with scattered extra foci. */
function sleuth(): string {
  const blocks = Array.from({ length: 8 }, (_, i) => [
    `// Study ${i + 1}, 20${10 + i}: task > rest`,
    `// Subjects=${12 + 2 * i}`,
    `${40 + (i % 3) * 2}\t${10 - (i % 2) * 2}\t${(i % 4) * 2}`,
    `${-50 + 11 * i}\t${-60 + 13 * i}\t${20 - 3 * i}`,
  ].join("\n"));
  return `// Reference=MNI\n${blocks.join("\n\n")}\n`;
}

describe("npm run cbma -- ale", () => {
  it("fits, corrects, prints the cluster table and writes the maps", () => {
    const input = path.join(dir, "foci.txt");
    writeFileSync(input, sleuth());
    const out = path.join(dir, "out");
    const r = cli("ale", input, "--iterations", "20", "--threads", "1", "--seed", "3", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cluster-forming threshold: ALE > /);
    expect(r.stdout).toMatch(/Insula_R|Frontal_Inf_Oper_R|Rolandic_Oper_R|Putamen_R/);
    expect(r.stderr).toMatch(/monte-carlo \[/);
    for (const f of ["ale_stat.nii.gz", "ale_p.nii.gz", "ale_z.nii.gz", "fwe_logp_desc-size_level-cluster.nii.gz", "fwe_logp_desc-mass_level-cluster.nii.gz", "fwe_logp_level-voxel.nii.gz", "clusters.json", "clusters.csv", "null_distributions.json", "run.json"]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const nul = JSON.parse(readFileSync(path.join(out, "null_distributions.json"), "utf8"));
    expect(nul.n_iters).toBe(20);
    expect(nul.seed).toBe(3);
    expect(nul.max_cluster_size_voxels).toHaveLength(20);
    const clusters = JSON.parse(readFileSync(path.join(out, "clusters.json"), "utf8"));
    expect(clusters.clusters[0].contributions.length).toBeGreaterThan(3);
  });

  it("exits non-zero naming the file and line of bad input", () => {
    const input = path.join(dir, "bad.txt");
    writeFileSync(input, "// Reference=MNI\n// A: b\n// Subjects=10\n1 2 x\n");
    const r = cli("ale", input, "--iterations", "0", "--out", path.join(dir, "bad-out"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${input}:4: coordinate z is not a number`);
  });

  it("rejects unknown methods with the usage text", () => {
    const r = cli("kda");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown method "kda"/);
  });
});
