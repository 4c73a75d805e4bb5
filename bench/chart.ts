// The latency distributions as one PNG: an SVG page drawn here, rendered by Chromium
// through playwright-core (Debian's chromium: no browser download).
import { chromiumFlags } from "@approvals/slack-local/testing";
import { chromium } from "playwright-core";

export interface Series {
  label: string;
  color: string;
  /** [percentile, value] pairs, percentile 0..100. */
  cdf: [number, number][];
}

export interface Panel {
  title: string;
  unit: string;
  log: boolean;
  series: Series[];
  /** A vertical line for the target, if there is one. */
  target?: { value: number; label: string };
}

const W = 560;
const H = 350;
const M = { left: 56, right: 16, top: 34, bottom: 84 };

function panelSvg(p: Panel): string {
  const values = p.series
    .flatMap((s) => s.cdf.map(([, v]) => v))
    .concat(p.target ? [p.target.value] : []);
  const positive = values.filter((v) => v > 0);
  const lo = p.log ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : 0;
  // A little room past the largest value, so a target drawn there keeps its label.
  const hi = p.log
    ? 10 ** Math.ceil(Math.log10(Math.max(...positive)))
    : niceCeil(Math.max(...values) * 1.05);
  const x = (v: number) =>
    M.left +
    ((p.log ? Math.log10(Math.max(v, lo)) - Math.log10(lo) : v - lo) /
      (p.log ? Math.log10(hi) - Math.log10(lo) : hi - lo)) *
      (W - M.left - M.right);
  const y = (pct: number) => H - M.bottom - (pct / 100) * (H - M.top - M.bottom);
  const ticks = p.log
    ? Array.from({ length: Math.log10(hi / lo) + 1 }, (_, i) => lo * 10 ** i)
    : Array.from({ length: 6 }, (_, i) => (hi / 5) * i);
  const grid = ticks.map(
    (t) =>
      `<line x1="${x(t)}" x2="${x(t)}" y1="${M.top}" y2="${H - M.bottom}" class="grid"/><text x="${x(t)}" y="${H - M.bottom + 16}" class="tick" text-anchor="middle">${fmt(t)}</text>`,
  );
  const yGrid = [0, 50, 90, 99].map(
    (pct) =>
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(pct)}" y2="${y(pct)}" class="grid"/><text x="${M.left - 6}" y="${y(pct) + 4}" class="tick" text-anchor="end">p${pct}</text>`,
  );
  const lines = p.series.map(
    (s) =>
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.cdf.map(([pct, v]) => `${x(v).toFixed(1)},${y(pct).toFixed(1)}`).join(" ")}"/>`,
  );
  const target = p.target
    ? `<line x1="${x(p.target.value)}" x2="${x(p.target.value)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#d00" stroke-dasharray="4 3"/><text x="${x(p.target.value) + 4}" y="${M.top + 12}" class="tick" fill="#d00">${p.target.label}</text>`
    : "";
  const legend = p.series.map(
    (s, i) =>
      `<rect x="${M.left + (i % 2) * 250}" y="${H - 44 + Math.floor(i / 2) * 16}" width="12" height="3" fill="${s.color}"/><text x="${M.left + (i % 2) * 250 + 16}" y="${H - 40 + Math.floor(i / 2) * 16}" class="tick">${esc(s.label)}</text>`,
  );
  return `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><text x="${M.left}" y="20" class="title">${esc(p.title)}</text>${grid.join("")}${yGrid.join("")}${target}${lines.join("")}<text x="${W - M.right}" y="${H - M.bottom + 30}" class="tick" text-anchor="end">${esc(p.unit)}${p.log ? " (log scale)" : ""}</text>${legend.join("")}</svg>`;
}

const niceCeil = (v: number) => {
  const e = 10 ** Math.floor(Math.log10(Math.max(v, 1e-9)));
  return Math.ceil(v / e) * e;
};
const fmt = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(Math.round(v * 100) / 100));
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function chartHtml(title: string, footer: string, panels: Panel[]): string {
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;padding:16px;font:13px system-ui,sans-serif;background:#fff;width:${2 * W + 24}px}
h1{font-size:16px;margin:0 0 8px} .grid{stroke:#e4e4e4} .tick{font-size:11px;fill:#444} .title{font-size:14px;font-weight:600}
.panels{display:flex;flex-wrap:wrap;gap:8px} footer{margin-top:6px;color:#555;font-size:11px}
</style><h1>${esc(title)}</h1><div class="panels">${panels.map(panelSvg).join("")}</div><footer>${esc(footer)}</footer>`;
}

export async function renderPng(html: string, file: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: chromiumFlags,
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 2 * W + 40, height: 400 },
      deviceScaleFactor: 1,
    });
    await page.setContent(html);
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
}
