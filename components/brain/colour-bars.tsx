/**
 * Colour bars matching NiiVue's "warm" (increases) and "cool" (decreases) colour maps, labelled
 * with the range of the displayed map.
 */

/** NiiVue's warm and cool maps run from these end colours (src/cmaps/warm.json, cool.json). */
export const WARM_GRADIENT = "linear-gradient(90deg, rgb(255,127,0), rgb(255,196,0), rgb(255,254,0))";
export const COOL_GRADIENT = "linear-gradient(90deg, rgb(0,127,255), rgb(0,196,255), rgb(0,254,255))";

export interface ColourBarsProps {
  /** Smallest and largest |value| shown (the threshold and the peak). */
  min: number | null;
  max: number | null;
  /** Show the decrease bar (signed maps such as SDM). */
  signed: boolean;
  /** What the values are, e.g. "z". */
  unit: string;
  increaseLabel?: string;
  decreaseLabel?: string;
}

function Bar({ gradient, label, from, to }: { gradient: string; label: string; from: string; to: string }) {
  return (
    <div className="colour-bar">
      <div className="colour-bar-label">{label}</div>
      <div className="colour-bar-swatch" style={{ background: gradient }} />
      <div className="colour-bar-ticks">
        <span>{from}</span>
        <span>{to}</span>
      </div>
    </div>
  );
}

/** The legend under the viewer. */
export function ColourBars({ min, max, signed, unit, increaseLabel = "Increase", decreaseLabel = "Decrease" }: ColourBarsProps) {
  const f = (x: number | null, sign = "") => (x === null ? "—" : `${sign}${x.toFixed(2)}`);
  return (
    <div className="colour-bars" aria-label="Colour scale">
      <Bar gradient={WARM_GRADIENT} label={`${increaseLabel} (${unit})`} from={f(min)} to={f(max)} />
      {signed && <Bar gradient={COOL_GRADIENT} label={`${decreaseLabel} (${unit})`} from={f(min, "−")} to={f(max, "−")} />}
    </div>
  );
}
