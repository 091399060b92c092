import { loadDefaultMask } from "../mask";
import { createRng } from "../rng";
import { fitSdm } from "./fit-sdm";
import { simulateEffectDataset } from "./simulate";
const mask = loadDefaultMask();
const ds = simulateEffectDataset(createRng(7, 0), mask, { studies: 24, truth: [{ mm: [40, 20, 10], g: 1 }, { mm: [-30, -50, 40], g: -0.8 }], noisePeaks: 4 });
for (const e of ds.experiments.slice(0, 24)) console.log(e.id, e.nPatients, e.nControls, e.foci.filter(f => Math.hypot(f.mniMm[0]+30, f.mniMm[1]+50, f.mniMm[2]-40) < 10).map(f => `${f.mniMm} ${f.sign*(f.value??0)}`).join(" | "));
const r = await fitSdm(ds, { permutations: 20, threads: 0 });
const c = r.tables.clusters.find((c) => c.sign === "negative")!;
console.log(c.peakMm, c.pooled);
console.log(c.studies.map((s) => s.g.toFixed(2)).join(" "));
import { mmToVoxel, flatIndex } from "../grid";
for (const mm of [[-30,-50,40],[-28,-42,36],[-30,-46,38], [40,20,10]] as [number,number,number][]) {
  const [i,j,k] = mmToVoxel(r.space.grid, mm); const m = r.space.maskedIndex[flatIndex(r.space.grid,i,j,k)];
  console.log(mm, "z", r.maps.z[m], "eff", r.maps.effect[m], "tau2", r.maps.tau2[m], "se", r.maps.se[m]);
}
