/**
 * The curve suite: the envelope at 1%, 10%, 33% and 100% of Kubernetes' limits (only the points up to
 * `--scale`), and the wall time per pod at each. A flat curve means the cost of a pod does not depend
 * on how many others there are. Writes bench/results/curve.svg beside the JSON.
 */
import { writeFileSync } from 'node:fs';
import { envelopeAt, type EnvelopeRun } from './envelope.js';
import { report, type Figure } from './report.js';
import { SEED } from './workload.js';

export const CURVE_POINTS = [0.01, 0.1, 0.33, 1];

const perPod = (r: EnvelopeRun) => (r.wallMs * 1000) / r.pods;
const cpuPerPod = (r: EnvelopeRun) => (r.cpuMs * 1000) / r.pods;

export function curveSuite(scale: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const runs: EnvelopeRun[] = [];
  for (const point of CURVE_POINTS.filter((p) => p <= scale + 1e-9)) {
    gc?.();
    runs.push(envelopeAt(point));
  }
  const figures: Figure[] = runs.map((r) => ({
    name: `${r.pods.toLocaleString('en-US')} pods, ${r.shape.nodes.toLocaleString('en-US')} nodes`,
    value: Math.round(perPod(r)),
    unit: 'µs/pod wall',
    note: `${Math.round(cpuPerPod(r))} µs/pod cpu, ${Math.round(r.wallMs)} ms in all, peak heap ${Math.round(r.peakHeap / 2 ** 20)} MiB${r.liveHeap !== undefined ? `, live ${Math.round(r.liveHeap / 2 ** 20)} MiB` : ''}`,
  }));
  const ten = runs.find((r) => r.shape.deployments === 150);
  const last = runs[runs.length - 1]!;
  if (ten && last !== ten) {
    const ratio = (f: (r: EnvelopeRun) => number) => Math.round((f(last) / f(ten)) * 100) / 100;
    figures.push({ name: `per-pod cost, ${last.pods.toLocaleString('en-US')} pods ÷ 15,000 pods`, value: ratio(perPod), unit: '×', note: 'target ≤ 1.3' });
    // The points are minutes apart and a shared machine's speed drifts between them; CPU time drifts less.
    figures.push({ name: 'the same by cpu time', value: ratio(cpuPerPod), unit: '×', note: 'steadier on a shared machine' });
  }
  report('curve', SEED, figures, { points: runs.map((r) => ({ pods: r.pods, nodes: r.shape.nodes, wallMs: Math.round(r.wallMs), cpuMs: Math.round(r.cpuMs), peakHeapMiB: Math.round(r.peakHeap / 2 ** 20), ...(r.liveHeap !== undefined ? { liveHeapMiB: Math.round(r.liveHeap / 2 ** 20) } : {}) })) });
  writeFileSync(new URL('./results/curve.svg', import.meta.url), curveSvg(runs));
  console.log('  → bench/results/curve.svg');
}

/** A small line chart: pods (log scale) across, µs of wall time per pod up; CPU time dashed. */
export function curveSvg(runs: readonly EnvelopeRun[]): string {
  const W = 480;
  const H = 280;
  const m = { l: 60, r: 20, t: 30, b: 45 };
  const xs = runs.map((r) => Math.log10(r.pods));
  const x0 = Math.floor(Math.min(...xs));
  const x1 = Math.max(Math.ceil(Math.max(...xs)), x0 + 1);
  const yMax = niceCeil(Math.max(...runs.map(perPod), ...runs.map(cpuPerPod)) * 1.1);
  const px = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (v: number) => H - m.b - (v / yMax) * (H - m.t - m.b);
  const line = (f: (r: EnvelopeRun) => number) => runs.map((r, i) => `${px(xs[i]!).toFixed(1)},${py(f(r)).toFixed(1)}`).join(' ');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">kubesim: cost per pod, apply to all Ready</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
  ];
  for (let e = x0; e <= x1; e++) {
    out.push(`<text x="${px(e)}" y="${H - m.b + 15}" text-anchor="middle">${(10 ** e).toLocaleString('en-US')}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    out.push(`<text x="${m.l - 6}" y="${py(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
    out.push(`<line x1="${m.l}" y1="${py(v)}" x2="${W - m.r}" y2="${py(v)}" stroke="#ddd"/>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 8}" text-anchor="middle">pods (log scale)</text>`);
  out.push(`<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">µs per pod</text>`);
  out.push(`<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${line(perPod)}"/>`);
  out.push(`<polyline fill="none" stroke="#888" stroke-width="1.5" stroke-dasharray="4 3" points="${line(cpuPerPod)}"/>`);
  runs.forEach((r, i) => out.push(`<circle cx="${px(xs[i]!)}" cy="${py(perPod(r))}" r="3" fill="#1f6feb"/>`));
  out.push(`<text x="${W - m.r}" y="${m.t + 4}" text-anchor="end" fill="#1f6feb">wall</text>`);
  out.push(`<text x="${W - m.r}" y="${m.t + 18}" text-anchor="end" fill="#888">cpu</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= v) return k * p;
  return 10 * p;
}
