/**
 * `fitAle`: ALE map, approximate-null p and z, cluster table — NiMARE 0.20.0's `ALE().fit()`.
 */
import { type LabelAtlas, loadDefaultAtlas } from "../atlas";
import { labelClusters } from "../clusters";
import { MNI152_2MM, voxelSizesMm } from "../grid";
import { loadDefaultMask, type Mask } from "../mask";
import { pToZOneTailed } from "../stats";
import { type CoordinateDataset, countFoci } from "../types";
import { buildClusterTable } from "./cluster-table";
import { type AleKernel, type AleKernelSpec, createAleKernel, kernelKey } from "./kernel";
import { aleFromLogSum, computeModeledActivation, fociToVoxels, logComplementSum } from "./modeled-activation";
import { aleToP, approximateNull, pLookupBin, pToAleThreshold, zTable } from "./null-approximate";
import { type AleOptions, type AleResult, DEFAULT_ALE_OPTIONS } from "./types";

/** Engine identification written into provenance. */
export const ALE_ENGINE_VERSION = "concord-cbma-ale 1.0 (NiMARE 0.20.0 algorithm)";

function kernelSpecFor(sampleSize: number | null, opts: AleOptions, experimentId: string): AleKernelSpec {
  if (opts.fwhmMm !== null) return { fwhmMm: opts.fwhmMm };
  const n = opts.sampleSize ?? sampleSize;
  if (n === null || !(n > 0)) {
    throw new Error(`experiment "${experimentId}" has no sample size; give one (// Subjects=N) or use a fixed FWHM`);
  }
  return { sampleSize: n };
}

function resolveAtlas(opt: AleOptions["atlas"], warnings: string[]): LabelAtlas | null {
  if (opt === false) return null;
  if (opt) return opt;
  try {
    return loadDefaultAtlas();
  } catch (err) {
    warnings.push(`no anatomical labels: ${(err as Error).message}`);
    return null;
  }
}

/** Kernels per distinct spec plus each experiment's kernel index (cached like NiMARE). */
function buildKernels(dataset: CoordinateDataset, opts: AleOptions, voxelMm: number): { kernels: AleKernel[]; index: Int32Array } {
  const cache = new Map<string, number>();
  const kernels: AleKernel[] = [];
  const index = Int32Array.from(dataset.experiments, (e) => {
    const spec = kernelSpecFor(e.sampleSize, opts, e.id);
    const key = kernelKey(spec);
    let k = cache.get(key);
    if (k === undefined) {
      k = kernels.length;
      kernels.push(createAleKernel(spec, voxelMm));
      cache.set(key, k);
    }
    return k;
  });
  return { kernels, index };
}

/**
 * Fits an ALE meta-analysis (cbma.md A1-A6): sample-size kernels, MA = max over foci, ALE union,
 * approximate null, p and z maps, clusters above the cluster-forming threshold (no FWE yet: call
 * `correctFwe` on the result).
 * @param dataset - experiments with MNI foci (from a Sleuth file, NiMARE JSON or a snapshot).
 * @param options - see `DEFAULT_ALE_OPTIONS`.
 */
export function fitAle(dataset: CoordinateDataset, options: Partial<AleOptions> = {}): AleResult {
  const t0 = performance.now();
  const opts: AleOptions = { ...DEFAULT_ALE_OPTIONS, ...options };
  const warnings: string[] = [];
  const experiments = dataset.experiments.filter((e) => e.foci.length > 0);
  if (experiments.length < dataset.experiments.length) warnings.push(`${dataset.experiments.length - experiments.length} experiment(s) without foci ignored`);
  if (experiments.length === 0) throw new Error("fitAle: the dataset has no foci");
  if (experiments.length < 17) warnings.push(`only ${experiments.length} experiments: ALE is recommended with at least 17-20 (Eickhoff et al. 2016)`);
  const ds: CoordinateDataset = { ...dataset, experiments };

  const mask: Mask = opts.mask ?? loadDefaultMask();
  if (mask.count === 0) throw new Error(`fitAle: the mask ${mask.source} has no voxels`);
  const grid = MNI152_2MM;
  const voxelMm = voxelSizesMm(grid)[0];
  const { kernels, index } = buildKernels(ds, opts, voxelMm);
  const fociIjk = experiments.map((e) => fociToVoxels(grid, e.foci.map((f) => f.mniMm)));
  const mas = computeModeledActivation(
    grid,
    mask,
    experiments.map((_, e) => ({ kernel: kernels[index[e]], fociIjk: fociIjk[e] })),
  );
  const logSum = logComplementSum(grid, mas);
  const stat = aleFromLogSum(mask, logSum);

  const nullDistribution = approximateNull(mas, mask.count);
  const p = new Float32Array(stat.length);
  const z = new Float32Array(stat.length);
  const zOfBin = zTable(nullDistribution, pToZOneTailed);
  for (const v of mask.indices) {
    if (stat[v] > 0) {
      p[v] = aleToP(stat[v], nullDistribution);
      z[v] = zOfBin[pLookupBin(stat[v], nullDistribution)];
    } else p[v] = 1;
  }
  const clusterThresholdAle = pToAleThreshold(opts.clusterFormingP, nullDistribution);
  const { labels, clusters } = labelClusters(grid, stat, clusterThresholdAle, mask.data);
  const atlas = resolveAtlas(opts.atlas, warnings);
  const table = buildClusterTable({ grid, clusters, labels, ale: stat, z, threshold: clusterThresholdAle, logSum, mas, experiments, fociIjk, atlas });
  const fitS = (performance.now() - t0) / 1000;

  return {
    maps: { stat, p, z },
    tables: {
      clusters: table,
      experiments: experiments.map((e, i) => ({
        id: e.id,
        studyLabel: e.studyLabel,
        sampleSize: e.sampleSize,
        nFoci: e.foci.length,
        fwhmMm: kernels[index[i]].fwhmMm,
        fociOutsideMask: fociIjk[i].filter(([a, b, c]) => {
          const inside = a >= 0 && b >= 0 && c >= 0 && a < grid.dims[0] && b < grid.dims[1] && c < grid.dims[2];
          return !inside || mask.data[a + grid.dims[0] * (b + grid.dims[1] * c)] === 0;
        }).length,
      })),
    },
    params: {
      method: "ALE",
      kernel: opts.fwhmMm !== null ? { fwhmMm: opts.fwhmMm } : opts.sampleSize !== null ? { sampleSize: opts.sampleSize } : "sample-size based (Eickhoff 2009)",
      nullMethod: "approximate",
      clusterFormingP: opts.clusterFormingP,
      clusterThresholdAle,
      connectivity: "6 (faces)",
    },
    provenance: {
      engine: ALE_ENGINE_VERSION,
      dataset: dataset.name,
      datasetSource: dataset.source ?? null,
      nExperiments: experiments.length,
      nFoci: countFoci(ds),
      mask: mask.source,
      maskVoxels: mask.count,
      atlas: atlas?.name ?? null,
      timingsS: { fit: fitS },
    },
    warnings,
    model: {
      dataset: ds,
      options: { ...opts, mask, atlas: atlas ?? false },
      grid,
      mask,
      kernels,
      experimentKernel: index,
      fociIjk,
      mas,
      nullDistribution,
      clusterThresholdAle,
      clusterLabels: labels,
      atlas,
      monteCarlo: null,
    },
  };
}
