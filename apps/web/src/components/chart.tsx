import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** points only (flows), not a line */
  points?: boolean;
  /** the right axis (a percentage beside a value) */
  right?: boolean;
}

/** A time series chart (uPlot, on a canvas) that follows its container's width. */
export function TimeChart(props: {
  /** epoch seconds */
  x: number[];
  series: ChartSeries[];
  height?: number;
  format?: (v: number) => string;
  rightFormat?: (v: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: props.height ?? 280,
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          scale: s.right ? "right" : "y",
          ...(s.points
            ? { paths: () => null, points: { show: true, size: 8, fill: s.color } }
            : { width: 2, points: { show: false } }),
        })),
      ],
      axes: [
        {},
        {
          size: 80,
          values: (_u, ticks) => ticks.map((t) => (props.format ? props.format(t) : String(t))),
        },
        ...(props.series.some((s) => s.right)
          ? [
              {
                scale: "right",
                side: 1,
                grid: { show: false },
                values: (_u: uPlot, ticks: number[]) =>
                  ticks.map((t) => (props.rightFormat ? props.rightFormat(t) : String(t))),
              },
            ]
          : []),
      ],
      legend: { show: true },
    };
    const plot = new uPlot(opts, [props.x, ...props.series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: el.clientWidth, height: opts.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.x, props.series]);
  return <div class="chart" ref={box} />;
}
