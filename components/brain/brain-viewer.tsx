"use client";
/**
 * Brain viewer (NiiVue, WebGL2): a statistical map over the MNI template in three orthogonal
 * slices and an axial mosaic, with colour bars and a click read-out of MNI mm, map value and AAL
 * label. The map and template are fetched once and shared by both views; NiiVue is imported lazily
 * so the rest of the results page renders without waiting for it, and the orthogonal view is shown
 * before the mosaic is built (software WebGL compiles shaders slowly). Performance marks
 * `brain:*` record the stages.
 */
import { useEffect, useRef, useState } from "react";
import type { Niivue, NVImage } from "@niivue/niivue";
import { ColourBars } from "./colour-bars";
import { labelAt, loadLabelVolume, type LabelVolume } from "./label-volume";

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
  const ortho = useRef<Niivue | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [mosaicReady, setMosaicReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [range, setRange] = useState<{ min: number; max: number } | null>(null);
  const [readout, setReadout] = useState<Readout | null>(null);
  const labels = useRef<LabelVolume | null>(null);

  useEffect(() => {
    let cancelled = false;
    performance.mark("brain:start");
    (async () => {
      try {
        const [{ Niivue, NVImage, SLICE_TYPE, SHOW_RENDER, MULTIPLANAR_TYPE }, template, map] = await Promise.all([import("@niivue/niivue"), fetchBytes(TEMPLATE.url), fetchBytes(mapUrl)]);
        void loadLabelVolume().then(
          (v) => {
            labels.current = v;
            setReadout((r) => (r ? { ...r, label: labelAt(v, r.mm) } : r));
          },
          () => (labels.current = null),
        );
        performance.mark("brain:fetched");
        if (cancelled || !orthoCanvas.current || !mosaicCanvas.current) return;
        const common = {
          backColor: [0.05, 0.07, 0.1, 1],
          crosshairColor: [0.27, 0.85, 0.55, 0.9],
          crosshairWidth: 1,
          multiplanarShowRender: SHOW_RENDER.NEVER,
          multiplanarLayout: MULTIPLANAR_TYPE.ROW,
          tileMargin: 4,
          dragAndDropEnabled: false,
          isColorbar: false,
          logLevel: "error" as const,
          loadingText: "",
        };
        const load = async (nv: Niivue) => {
          // Each viewer gets its own copies: NiiVue takes ownership of the buffers.
          const templateImg = await NVImage.loadFromUrl({ url: template.slice(), name: TEMPLATE.name, colormap: "gray" });
          const mapImg = await NVImage.loadFromUrl({ url: map.slice(), name: mapName, colormap: "warm", colormapNegative: signed ? "cool" : "", opacity: 1 });
          const r = absRange(mapImg.img as ArrayLike<number>);
          if (r) {
            mapImg.cal_min = r.min;
            mapImg.cal_max = r.max;
          }
          nv.addVolume(templateImg);
          nv.addVolume(mapImg);
          return r;
        };
        const o = new Niivue(common);
        await o.attachToCanvas(orthoCanvas.current);
        performance.mark("brain:ortho-attached");
        const r = await load(o);
        o.setSliceType(SLICE_TYPE.MULTIPLANAR);
        if (cancelled) return;
        o.onLocationChange = (loc) => {
          const l = loc as { mm: number[]; vox: number[] };
          const [i, j, k] = l.vox;
          const mm: [number, number, number] = [Math.round(l.mm[0]), Math.round(l.mm[1]), Math.round(l.mm[2])];
          setReadout({ mm, value: o.volumes[1]?.getValue(i, j, k) ?? null, label: labels.current ? labelAt(labels.current, l.mm) : null });
        };
        ortho.current = o;
        setRange(r);
        setState("ready");
        performance.mark("brain:ortho-ready");
        // The mosaic second, so the orthogonal view is usable while it builds.
        const m = new Niivue({ ...common, crosshairWidth: 0, centerMosaic: true });
        await m.attachToCanvas(mosaicCanvas.current);
        await load(m);
        m.setSliceMosaicString(`A ${mosaicSlicesMm.join(" ")}`);
        m.onLocationChange = (loc) => {
          // A click on the mosaic moves the orthogonal views to the same point.
          const l = loc as { mm: number[] };
          o.scene.crosshairPos = o.mm2frac([l.mm[0], l.mm[1], l.mm[2]]);
          o.drawScene();
          o.createOnLocationChange();
        };
        if (!cancelled) setMosaicReady(true);
        performance.mark("brain:mosaic-ready");
      } catch (e) {
        if (!cancelled) {
          setError(e instanceof Error ? e.message : String(e));
          setState("error");
        }
      }
    })();
    return () => {
      cancelled = true;
      ortho.current = null;
    };
  }, [mapUrl, mapName, signed, mosaicSlicesMm]);

  useEffect(() => {
    const o = ortho.current;
    if (!o || !target || state !== "ready") return;
    o.scene.crosshairPos = o.mm2frac(target.mm);
    o.drawScene();
    o.createOnLocationChange();
  }, [target, state]);

  const f = (x: number) => (x < 0 ? `−${Math.abs(x)}` : String(x));
  return (
    <div className="brain-viewer">
      <div className="brain-stage">
        <div className="brain-pane ortho">
          <canvas ref={orthoCanvas} aria-label="Orthogonal slices: axial, coronal, sagittal" data-testid="brain-ortho" />
          {state === "loading" && <div className="brain-overlay">Loading map and template…</div>}
          {state === "error" && <div className="brain-overlay error">The viewer could not start: {error}</div>}
        </div>
        <div className="brain-pane mosaic">
          <canvas ref={mosaicCanvas} aria-label="Axial mosaic" data-testid="brain-mosaic" />
          {state !== "error" && !mosaicReady && <div className="brain-overlay">Building the mosaic…</div>}
        </div>
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
