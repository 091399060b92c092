// The `npm run cbma -- sdm` contract (cbma.md Part C) on the hand-made five-study folder.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { flatIndex, MNI152_2MM, voxelCount } from "@/server/engine/cbma/grid";
import { readNifti, writeNifti } from "@/server/engine/cbma/nifti";
import { formatSdmJson } from "@/server/engine/cbma/sdm/sdm-json";
import { readSdmFolder } from "@/server/engine/cbma/sdm/sdm-folder";
import { run } from "./sdm";

const fixture = path.resolve(import.meta.dirname, "../../tests/fixtures/sdm/five-studies");
const tmp = mkdtempSync(path.join(tmpdir(), "sdm-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A box mask on the MNI 2 mm grid around the fixture's peaks (x −40…40, y −30…50, z −20…60 mm):
// the CLI path is the same as with the whole-brain mask, at a fraction of the cost.
const boxMask = path.join(tmp, "box_mask.nii.gz");
{
  const data = new Uint8Array(voxelCount(MNI152_2MM));
  for (let k = 26; k <= 66; k++) for (let j = 48; j <= 88; j++) for (let i = 25; i <= 65; i++) data[flatIndex(MNI152_2MM, i, j, k)] = 1;
  writeNifti(boxMask, { grid: MNI152_2MM, data, datatype: "uint8" });
}

async function capture(argv: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await run(argv);
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
  return { out: out.join("\n"), err: err.join("\n") };
}

describe("npm run cbma -- sdm", () => {
  it("writes the maps, tables and run record for an SDM-PSI folder", async () => {
    const out = path.join(tmp, "run");
    const { out: stdout } = await capture([fixture, "--mask", boxMask, "--permutations", "20", "--seed", "3", "--threads", "0", "--out", out]);
    for (const f of ["sdm_effect.nii.gz", "sdm_z.nii.gz", "sdm_p.nii.gz", "sdm_i2.nii.gz", "clusters.json", "clusters.csv", "cluster_studies.csv", "null_distributions.json", "run.json"]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const z = readNifti(path.join(out, "sdm_z.nii.gz"));
    expect(z.grid.dims).toEqual([91, 109, 91]);
    expect(z.datatypeCode).toBe(16);
    expect(z.data.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(1);
    const run = JSON.parse(readFileSync(path.join(out, "run.json"), "utf8"));
    expect(run.params).toMatchObject({ permutations: 20, seed: 3, kernel: { fwhmMm: 20 } });
    expect(run.provenance).toMatchObject({ studies: 5, nullStudies: 1, peaks: 8, maskVoxels: 41 ** 3, atlas: "AAL" });
    const nulls = JSON.parse(readFileSync(path.join(out, "null_distributions.json"), "utf8"));
    expect(nulls.n_iters).toBe(20);
    expect(nulls.max_abs_z).toHaveLength(20);
    const clusters = JSON.parse(readFileSync(path.join(out, "clusters.json"), "utf8")).clusters;
    expect(readFileSync(path.join(out, "clusters.csv"), "utf8").split("\n")[0]).toMatch(/^id,sign,size_voxels,volume_mm3,peak_x,peak_y,peak_z,z,p,p_fwe,g,/);
    expect(stdout.split("\n")[0]).toMatch(/^id\s+sign\s+voxels/);
    expect(stdout.split("\n")).toHaveLength(clusters.length + 1);
  });

  it("reads a snapshot JSON and exports it as an SDM-PSI folder", async () => {
    const json = path.join(tmp, "snapshot.json");
    writeFileSync(json, formatSdmJson(readSdmFolder(fixture)));
    const exported = path.join(tmp, "exported");
    await capture([json, "--mask", boxMask, "--permutations", "0", "--threads", "0", "--out", path.join(tmp, "run2"), "--export-folder", exported]);
    expect(readSdmFolder(exported).experiments.map((e) => e.id)).toEqual(["Smith2015", "Lee2017", "Wang2019", "Garcia2020", "Chen2021"]);
    expect(existsSync(path.join(tmp, "run2", "sdm_effect.nii.gz"))).toBe(true);
    expect(existsSync(path.join(tmp, "run2", "sdm_p.nii.gz"))).toBe(false);
  });

  it("exits non-zero naming the file and line of bad input", async () => {
    const bad = path.join(tmp, "bad");
    cpSync(fixture, bad, { recursive: true });
    writeFileSync(path.join(bad, "Lee2017.fsl_mni.txt"), "28,-18,52,5.1\n10,forty,-8,-4.4\n");
    const before = process.exitCode;
    const { err } = await capture([bad, "--out", path.join(tmp, "run3")]);
    expect(err).toMatch(/Lee2017\.fsl_mni\.txt:2: y must be a number/);
    expect(process.exitCode).toBe(1);
    process.exitCode = before;
    await expect(run([fixture])).rejects.toThrow(/--out DIR are required/);
  });
});
