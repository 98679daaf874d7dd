/**
 * Min-max decimation of a regularly sampled trace for drawing: per horizontal bucket (about one pixel) the first,
 * minimum, maximum and last samples are kept in time order, so every spike peak and every reset stays visible
 * while a trace of millions of samples becomes a few thousand points. Only the visible window is decimated, so
 * zooming in brings back the raw samples. Chart.js's own decimation needs one `{x, y}` object per sample first,
 * which is what a long trace cannot afford.
 */

export interface Point {
  x: number;
  y: number;
}

/** Index range [first, last] of the samples t0 + i*dt inside [xMin, xMax], widened by one sample on each side. */
export function visibleSampleRange(t0: number, dt: number, count: number, xMin: number, xMax: number): [number, number] {
  const first = Math.max(0, Math.floor((xMin - t0) / dt) - 1);
  const last = Math.min(count - 1, Math.ceil((xMax - t0) / dt) + 1);
  return [first, last];
}

export function decimateMinMax(
  t0: number,
  dt: number,
  values: ArrayLike<number>,
  xMin: number,
  xMax: number,
  buckets: number,
): Point[] {
  const [first, last] = visibleSampleRange(t0, dt, values.length, xMin, xMax);
  if (last < first) return [];
  const count = last - first + 1;
  const out: Point[] = [];
  if (count <= buckets * 4) {
    for (let i = first; i <= last; i++) out.push({ x: t0 + i * dt, y: values[i] });
    return out;
  }
  const perBucket = count / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = first + Math.floor(b * perBucket);
    const end = Math.min(last, first + Math.floor((b + 1) * perBucket) - 1);
    if (end < start) continue;
    let iMin = start;
    let iMax = start;
    for (let i = start + 1; i <= end; i++) {
      if (values[i] < values[iMin]) iMin = i;
      if (values[i] > values[iMax]) iMax = i;
    }
    const keep = [start, iMin, iMax, end].sort((a, b2) => a - b2);
    let previous = -1;
    for (const i of keep) {
      if (i === previous) continue;
      out.push({ x: t0 + i * dt, y: values[i] });
      previous = i;
    }
  }
  return out;
}
