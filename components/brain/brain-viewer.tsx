"use client";
/**
 * Brain viewer (NiiVue, WebGL2): a statistical map over the MNI template in three orthogonal
 * slices and an axial mosaic, with colour bars and a click read-out of MNI mm, map value and AAL
 * label. The map, template and label volume are fetched once and shared by both views; NiiVue is
 * imported lazily so the rest of the results page renders without waiting for it.
 */
import { useEffect, useRef, useState } from "react";
import type { Niivue, NVImage } from "@niivue/niivue";
import { loadAtlasLabels } from "./atlas-labels";
import { ColourBars } from "./colour-bars";

/** Where to put the crosshair; `token` changes on each request so the same peak can be re-selected. */
export interface CrosshairTarget {
  mm: [number, number, number];
  token: number;
}

export interface BrainViewerProps {
  /** URL of the (gzipped) NIfTI map to show, e.g. the thresholded z map output. */
  mapUrl: string;
  /** File name (for NiiVue's format detection). */
  mapName: string;
  /** Show negative values with the cool map (signed maps such as SDM). */
  signed: boolean;
  /** Name of the values in the read-out and colour bar, e.g. "z". */
  valueLabel?: string;
  target?: CrosshairTarget | null;
  /** Axial mosaic slices in MNI z mm. */
  mosaicSlicesMm?: number[];
}

interface Readout {
  mm: [number, number, number];
  value: number | null;
  label: string | null;
}

const TEMPLATE = { url: "/api/atlas/ch2bet_2mm.nii.gz", name: "ch2bet_2mm.nii.gz" };
const LABELS = { url: "/api/atlas/aal_2mm.nii.gz", name: "aal_2mm.nii.gz" };
const DEFAULT_MOSAIC = [-24, -12, 0, 12, 24, 36, 48, 60];

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`${url.split("/").pop()}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Smallest and largest |value| among non-zero voxels (the threshold and the peak). */
export function absRange(img: ArrayLike<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < img.length; i++) {
    const a = Math.abs(img[i]);
    if (a > 0 && Number.isFinite(a)) {
      if (a < min) min = a;
      if (a > max) max = a;
    }
  }
  return max > 0 ? { min, max } : null;
}

export function BrainViewer({ mapUrl, mapName, signed, valueLabel = "z", target, mosaicSlicesMm = DEFAULT_MOSAIC }: BrainViewerProps) {
  const orthoCanvas = useRef<HTMLCanvasElement>(null);
  const mosaicCanvas = useRef<HTMLCanvasElement>(null);
  const viewers = useRef<{ ortho: Niivue; mosaic: Niivue } | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [range, setRange] = useState<{ min: number; max: number } | null>(null);
  const [readout, setReadout] = useState<Readout | null>(null);
  const labelsRef = useRef<Map<number, string> | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const [{ Niivue, NVImage, SLICE_TYPE, SHOW_RENDER, MULTIPLANAR_TYPE }, template, map, aal, labels] = await Promise.all([
          import("@niivue/niivue"),
          fetchBytes(TEMPLATE.url),
          fetchBytes(mapUrl),
          fetchBytes(LABELS.url),
          loadAtlasLabels().catch(() => new Map<number, string>()),
        ]);
        if (cancelled || !orthoCanvas.current || !mosaicCanvas.current) return;
        labelsRef.current = labels;
        const common = {
          backColor: [0.05, 0.07, 0.1, 1],
          crosshairColor: [0.27, 0.85, 0.55, 0.9],
          crosshairWidth: 1,
          isOrientationTextVisible: true,
          multiplanarShowRender: SHOW_RENDER.NEVER,
          multiplanarLayout: MULTIPLANAR_TYPE.ROW,
          multiplanarEqualSize: true,
          tileMargin: 4,
          dragAndDropEnabled: false,
          logLevel: "error" as const,
          loadingText: "",
        };
        const ortho = new Niivue({ ...common, isColorbar: false });
        const mosaic = new Niivue({ ...common, crosshairWidth: 0, isOrientationTextVisible: false, centerMosaic: true });
        await ortho.attachToCanvas(orthoCanvas.current);
        await mosaic.attachToCanvas(mosaicCanvas.current);
        const volumes = async (nv: Niivue, withLabels: boolean): Promise<NVImage[]> => {
          // Each viewer needs its own copies: NiiVue takes ownership of the buffers.
          const templateImg = await NVImage.loadFromUrl({ url: template.slice(), name: TEMPLATE.name, colormap: "gray" });
          const mapImg = await NVImage.loadFromUrl({ url: map.slice(), name: mapName, colormap: "warm", colormapNegative: signed ? "cool" : "", opacity: 1 });
          const r = absRange(mapImg.img as ArrayLike<number>);
          if (r) {
            mapImg.cal_min = r.min;
            mapImg.cal_max = r.max;
          }
          nv.addVolume(templateImg);
          nv.addVolume(mapImg);
          if (withLabels) {
            const aalImg = await NVImage.loadFromUrl({ url: aal.slice(), name: LABELS.name, colormap: "gray", opacity: 0 });
            nv.addVolume(aalImg);
          }
          nv.updateGLVolume();
          return [templateImg, mapImg];
        };
        const [, mapImg] = await volumes(ortho, true);
        await volumes(mosaic, false);
        if (cancelled) return;
        setRange(absRange(mapImg.img as ArrayLike<number>));
        ortho.setSliceType(SLICE_TYPE.MULTIPLANAR);
        mosaic.setSliceMosaicString(`A ${mosaicSlicesMm.join(" ")}`);
        const onLocation = (nv: Niivue) => (loc: unknown) => {
          const l = loc as { mm: number[]; vox: number[] };
          const [x, y, z] = l.mm;
          const [i, j, k] = l.vox;
          const value = nv.volumes[1]?.getValue(i, j, k) ?? null;
          const labelIndex = ortho.volumes[2]?.getValue(i, j, k) ?? 0;
          setReadout({ mm: [Math.round(x), Math.round(y), Math.round(z)], value, label: labelsRef.current?.get(Math.round(labelIndex)) ?? null });
        };
        ortho.onLocationChange = onLocation(ortho);
        mosaic.onLocationChange = (loc) => {
          // A click on the mosaic moves the orthogonal views to the same point.
          const l = loc as { mm: number[] };
          ortho.scene.crosshairPos = ortho.mm2frac([l.mm[0], l.mm[1], l.mm[2]]);
          ortho.drawScene();
          ortho.createOnLocationChange();
        };
        viewers.current = { ortho, mosaic };
        ortho.createOnLocationChange();
        setState("ready");
      } catch (e) {
        if (!cancelled) {
          setError(e instanceof Error ? e.message : String(e));
          setState("error");
        }
      }
    })();
    return () => {
      cancelled = true;
      viewers.current = null;
    };
  }, [mapUrl, mapName, signed, mosaicSlicesMm]);

  useEffect(() => {
    const v = viewers.current;
    if (!v || !target || state !== "ready") return;
    v.ortho.scene.crosshairPos = v.ortho.mm2frac(target.mm);
    v.ortho.drawScene();
    v.ortho.createOnLocationChange();
  }, [target, state]);

  const f = (x: number) => (x < 0 ? `−${Math.abs(x)}` : String(x));
  return (
    <div className="brain-viewer">
      <div className="brain-stage">
        <canvas ref={orthoCanvas} className="brain-canvas ortho" aria-label="Orthogonal slices: sagittal, coronal, axial" data-testid="brain-ortho" />
        <canvas ref={mosaicCanvas} className="brain-canvas mosaic" aria-label="Axial mosaic" data-testid="brain-mosaic" />
        {state === "loading" && <div className="brain-overlay">Loading map and template…</div>}
        {state === "error" && <div className="brain-overlay error">The viewer could not start: {error}</div>}
      </div>
      <div className="brain-footer">
        <div className="brain-readout" aria-live="polite" data-testid="brain-readout">
          {readout ? (
            <>
              <span className="coord">MNI ({readout.mm.map(f).join(", ")}) mm</span>
              <span className="value">
                {valueLabel} = {readout.value === null || readout.value === 0 ? "—" : readout.value.toFixed(2).replace(/^-/, "−")}
              </span>
              <span className="region">{readout.label ? readout.label.replace(/_/g, " ") : "outside labelled regions"}</span>
            </>
          ) : (
            <span className="muted">Click a slice to read the coordinate and region.</span>
          )}
        </div>
        <ColourBars min={range?.min ?? null} max={range?.max ?? null} signed={signed} unit={valueLabel} />
      </div>
    </div>
  );
}
