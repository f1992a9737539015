/**
 * The sweep as a small SVG, written by hand (no browser, no charting package): on the left the p50
 * (solid) and p95 (dashed) latencies against concurrency, on the right payments and floor workflows
 * completed per second. Concurrency is spaced evenly per point, since the sweep doubles it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Summary } from '../measure/stats';
import type { SweepPoint } from '../phases/sweep';

const PANEL = { width: 360, height: 230, left: 52, top: 34, right: 12, bottom: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

interface Series {
  label: string;
  color: string;
  dashed: boolean;
  values: number[];
}

export function writeChart(file: string, points: readonly SweepPoint[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, chartSvg(points));
}

export function chartSvg(points: readonly SweepPoint[]): string {
  const x = points.map((p) => String(p.concurrency));
  const latency = (name: string, color: string, pick: (p: SweepPoint) => Summary): Series[] => [
    { label: `${name} p50`, color, dashed: false, values: points.map((p) => pick(p).p50) },
    { label: `${name} p95`, color, dashed: true, values: points.map((p) => pick(p).p95) },
  ];
  const left = [
    ...latency('create→redirect', COLORS[0]!, (p) => p.latency.payment.createToRedirect),
    ...latency('notification→visible', COLORS[1]!, (p) => p.latency.payment.notificationToVisible),
    ...latency('capture', COLORS[2]!, (p) => p.latency.payment.capture),
  ];
  const right: Series[] = [
    { label: 'payments', color: COLORS[0]!, dashed: false, values: points.map((p) => p.payment.throughput) },
    { label: 'floor', color: COLORS[3]!, dashed: true, values: points.map((p) => p.floor.throughput) },
  ];
  const width = PANEL.width * 2 + 20;
  const height = PANEL.height + 70;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    panel(0, 'Latency (ms) vs concurrency', x, left),
    panel(PANEL.width + 20, 'Completed per second vs concurrency', x, right),
    '</svg>',
    '',
  ].join('\n');
}

function panel(offsetX: number, title: string, x: string[], series: Series[]): string {
  const plotW = PANEL.width - PANEL.left - PANEL.right;
  const plotH = PANEL.height - PANEL.top - PANEL.bottom;
  const max = niceMax(Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite))));
  const px = (i: number) =>
    offsetX + PANEL.left + (x.length === 1 ? plotW / 2 : (i * plotW) / (x.length - 1));
  const py = (v: number) => PANEL.top + plotH - (v / max) * plotH;
  const parts: string[] = [
    `<text x="${offsetX + PANEL.left}" y="18" font-size="13" font-weight="bold">${title}</text>`,
    `<line x1="${offsetX + PANEL.left}" y1="${PANEL.top + plotH}" x2="${offsetX + PANEL.left + plotW}" y2="${PANEL.top + plotH}" stroke="#333"/>`,
    `<line x1="${offsetX + PANEL.left}" y1="${PANEL.top}" x2="${offsetX + PANEL.left}" y2="${PANEL.top + plotH}" stroke="#333"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    const y = py(v);
    parts.push(
      `<line x1="${offsetX + PANEL.left}" y1="${y}" x2="${offsetX + PANEL.left + plotW}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${offsetX + PANEL.left - 6}" y="${y + 4}" text-anchor="end">${format(v)}</text>`,
    );
  }
  x.forEach((label, i) =>
    parts.push(`<text x="${px(i)}" y="${PANEL.top + plotH + 16}" text-anchor="middle">${label}</text>`),
  );
  parts.push(
    `<text x="${offsetX + PANEL.left + plotW / 2}" y="${PANEL.top + plotH + 32}" text-anchor="middle">concurrency</text>`,
  );
  for (const s of series) {
    const path = s.values
      .map((v, i) => (Number.isFinite(v) ? `${px(i).toFixed(1)},${py(v).toFixed(1)}` : ''))
      .filter(Boolean)
      .join(' ');
    const dash = s.dashed ? ' stroke-dasharray="5,3"' : '';
    parts.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
  }
  series.forEach((s, i) => {
    const lx = offsetX + PANEL.left + (i % 2) * 150;
    const ly = PANEL.height + 8 + Math.floor(i / 2) * 14;
    const dash = s.dashed ? ' stroke-dasharray="5,3"' : '';
    parts.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 20}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 24}" y="${ly}">${s.label}</text>`,
    );
  });
  return parts.join('\n');
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= value) ?? 10;
  return step * magnitude;
}

function format(value: number): string {
  if (value === 0) return '0';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
