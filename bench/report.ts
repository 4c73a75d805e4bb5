// The issue's targets against the measured figures, the printed table, and the chart's panels.
import type { AckLevel } from "./ack-latency.ts";
import type { Panel } from "./chart.ts";
import type { ReminderResult } from "./reminders.ts";
import type { ScaleResult } from "./scale.ts";
import type { Throughput } from "./throughput.ts";

interface Results {
  machine?: { cpus: number; cpuModel?: string; memoryGiB: number; os: string; node: string; postgres: string; redis?: string };
  ack?: { levels: AckLevel[]; loadAverage: { before: number[] } };
  throughput?: Throughput;
  scale?: ScaleResult;
  reminders?: ReminderResult;
  [k: string]: unknown;
}

export interface Target {
  what: string;
  measured: string;
  target: string;
  met: boolean;
}

const ms = (v: number) => `${Math.round(v * 10) / 10} ms`;

export function targets(raw: Record<string, unknown>): Target[] {
  const r = raw as Results;
  const out: Target[] = [];
  for (const l of r.ack?.levels ?? []) {
    out.push({ what: `ack p99 at ${l.concurrency} clients vs bare Bolt`, measured: `${ms(l.bot.p99)} vs ${ms(l.bare.p99)} (${l.p99Ratio}×)`, target: "< 1.5×", met: l.p99Ratio < 1.5 });
    out.push({ what: `ack p99 at ${l.concurrency} clients`, measured: ms(l.bot.p99), target: "< 100 ms", met: l.bot.p99 < 100 });
  }
  if (r.throughput) {
    const t = r.throughput;
    out.push({ what: "decisions/s end to end vs SQL floor", measured: `${t.botPerSecond}/s vs ${t.floorPerSecond}/s (${Math.round(t.share * 1000) / 10}%)`, target: "≥ 40%", met: t.share >= 0.4 });
  }
  if (r.scale) {
    const s = r.scale;
    out.push({ what: `/approval list p95, ${s.list.pending} pending, ${s.requests.toLocaleString("en")} requests`, measured: ms(s.list.runs.p95), target: "< 100 ms", met: s.list.runs.p95 < 100 });
    out.push({ what: `digest build for ${s.digest.people.toLocaleString("en")} people (median)`, measured: ms(s.digest.medianMs), target: "< 5000 ms", met: s.digest.medianMs < 5000 });
  }
  if (r.reminders) {
    const m = r.reminders;
    out.push({ what: `reminder lateness p99, ${m.reminders.toLocaleString("en")} due at once`, measured: ms(m.lateness.p99), target: "< 1000 ms", met: m.lateness.p99 < 1000 });
  }
  return out;
}

export function printTable(raw: Record<string, unknown>): void {
  const r = raw as Results;
  const rows: string[][] = [["measure", "result", "target", "met"]];
  for (const t of targets(raw)) rows.push([t.what, t.measured, t.target, t.met ? "yes" : "NO"]);
  for (const l of r.ack?.levels ?? []) rows.push([`ack p50 at ${l.concurrency} clients: bot / bare`, `${ms(l.bot.p50)} / ${ms(l.bare.p50)} (${l.decided} of ${l.clicks} clicks decided)`, "", ""]);
  if (r.throughput) {
    rows.push(["click → DM updated, p50 / p99", `${ms(r.throughput.endToEnd.p50)} / ${ms(r.throughput.endToEnd.p99)}`, "", ""]);
    rows.push(["database transactions per approval: bot / floor", `${r.throughput.transactionsPerDecision.bot} / ${r.throughput.transactionsPerDecision.floor}`, "", ""]);
  }
  if (r.reminders) {
    rows.push(["Redis per scheduled timer job", `${r.reminders.redis.bytesPerJob} B (${r.reminders.redis.bytesPerAssignment} B per assignment: reminder + timeout)`, "", ""]);
    rows.push(["reminders sent per second", `${r.reminders.perSecond}/s (lateness p50 ${ms(r.reminders.lateness.p50)})`, "", ""]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  for (const row of rows) console.log(row.map((c, i) => c + " ".repeat(widths[i]! - [...c].length)).join("  "));
  const loads = Object.entries(raw).flatMap(([k, v]) => (v && typeof v === "object" && "loadAverage" in v ? [`${k} ${(v as { loadAverage: { before: number[] } }).loadAverage.before[0]}`] : []));
  console.log(`\nload average (1 min) when each part started: ${loads.join(", ")}; ${r.machine?.cpus} cores`);
}

export function chartPanels(raw: Record<string, unknown>): { panels: Panel[]; footer: string } {
  const r = raw as Results;
  const colors = { bare: ["#9bbbe0", "#2f6db5"], bot: ["#f4b183", "#c0504d"] };
  const panels: Panel[] = [];
  if (r.ack) {
    panels.push({
      title: "Click answered (ack), by clients at once",
      unit: "ms",
      log: true,
      target: { value: 100, label: "100 ms" },
      series: r.ack.levels.flatMap((l, i) => [
        { label: `bare Bolt, ${l.concurrency} clients`, color: colors.bare[i % 2]!, cdf: l.bare.cdf },
        { label: `bot, ${l.concurrency} clients`, color: colors.bot[i % 2]!, cdf: l.bot.cdf },
      ]),
    });
  }
  const misc: Panel["series"] = [];
  if (r.scale) misc.push({ label: `/approval list, ${r.scale.list.pending} pending`, color: "#2f6db5", cdf: r.scale.list.runs.cdf });
  if (r.throughput) misc.push({ label: `click → approver's DM updated`, color: "#c0504d", cdf: r.throughput.endToEnd.cdf });
  if (misc.length) panels.push({ title: "End to end: decision, and /approval list", unit: "ms", log: true, target: { value: 100, label: "100 ms" }, series: misc });
  if (r.reminders) {
    panels.push({
      title: `Reminder DM lateness, ${r.reminders.reminders.toLocaleString("en")} due at the same second`,
      unit: "s after due",
      log: false,
      target: { value: 1, label: "1 s" },
      series: [{ label: "reminder DM received by Slack", color: "#7030a0", cdf: r.reminders.lateness.cdf.map(([p, v]) => [p, v / 1000]) }],
    });
  }
  const m = r.machine;
  const footer = m ? `${m.cpus} × ${m.cpuModel ?? "cpu"}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.postgres}, Redis ${m.redis}; ran ${String(raw.ranAt)} (${String(raw.mode)}); 1-min load average at start of each part: ${["ack", "throughput", "scale", "reminders"].filter((k) => raw[k]).map((k) => `${k} ${(raw[k] as { loadAverage: { before: number[] } }).loadAverage.before[0]}`).join(", ")}` : "";
  return { panels, footer };
}
