// The issue's targets against the measured figures, the printed table, and the chart's panels.
import type { AckLevel } from "./ack-latency.ts";
import type { BurstResult } from "./burst.ts";
import type { Panel } from "./chart.ts";
import type { ReminderResult } from "./reminders.ts";
import type { ScaleResult } from "./scale.ts";
import type { CallsScenario } from "./slack-calls.ts";
import type { Throughput } from "./throughput.ts";

interface Results {
  machine?: {
    cpus: number;
    cpuModel?: string;
    memoryGiB: number;
    os: string;
    node: string;
    postgres: string;
    redis?: string;
  };
  ack?: { levels: AckLevel[]; loadAverage: { before: number[] } };
  throughput?: Throughput;
  calls?: { scenarios: CallsScenario[]; logged?: Record<string, number> };
  burst?: BurstResult;
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
const byMethod = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || "none";
/** Deliveries per decision of a 会签 of n: linear in n when this stays flat as n grows. */
const perDecision = (s: CallsScenario) => Math.round((s.delivered.total / s.decisions) * 100) / 100;
const countersigns = (r: Results) =>
  (r.calls?.scenarios ?? []).filter((s) => s.process.startsWith("b_countersign_"));

export function targets(raw: Record<string, unknown>): Target[] {
  const r = raw as Results;
  const out: Target[] = [];
  for (const l of r.ack?.levels ?? []) {
    out.push({
      what: `ack p99 at ${l.concurrency} clients vs bare Bolt (workers apart)`,
      measured: `${ms(l.bot.p99)} vs ${ms(l.bare.p99)} (${l.p99Ratio}×)`,
      target: "≤ 1.5×",
      met: l.p99Ratio <= 1.5,
    });
    out.push({
      what: `ack p99 at ${l.concurrency} clients`,
      measured: ms(l.bot.p99),
      target: "< 100 ms",
      met: l.bot.p99 < 100,
    });
  }
  if (r.throughput) {
    const t = r.throughput;
    out.push({
      what: "decisions/s, click → committed, vs SQL floor",
      measured: `${t.botPerSecond}/s vs ${t.floorPerSecond}/s (${Math.round(t.share * 1000) / 10}%)`,
      target: "≥ 40%",
      met: t.share >= 0.4,
    });
    if (t.alone)
      out.push({
        what: "the same, decision path alone (workers stopped)",
        measured: `${t.alone.botPerSecond}/s vs ${t.floorPerSecond}/s (${Math.round(t.alone.share * 1000) / 10}%)`,
        target: "≥ 40%",
        met: t.alone.share >= 0.4,
      });
  }
  for (const c of r.calls?.scenarios ?? []) {
    out.push({
      what: `Slack deliveries vs minimum: ${c.name}`,
      measured: `${c.delivered.total} vs ${c.minimum.total} (${c.ratio}×); chat.update ${c.perDecision.update}/decision over ${c.decisions}`,
      target: "chat.update ≤ ~1/decision",
      met: c.perDecision.update <= 1.05,
    });
  }
  const cs = countersigns(r);
  if (cs.length > 1) {
    const first = cs[0]!;
    const last = cs.at(-1)!;
    out.push({
      what: `会签 deliveries per decision, N = ${cs.map((c) => c.decisions).join(" / ")}`,
      measured: cs.map(perDecision).join(" / "),
      target: "linear in N (flat)",
      met: perDecision(last) <= perDecision(first) * 1.2,
    });
  }
  if (r.burst) {
    const x = r.burst;
    out.push({
      what: `burst of ${x.decisions} decisions in ${x.burstSeconds} s, Slack's tiers: lost / stale messages`,
      measured: `${x.lost + x.nextDmMissing} lost, ${x.messages.mismatches} of ${x.messages.checked} messages stale`,
      target: "0 / 0",
      met: x.lost + x.nextDmMissing === 0 && x.messages.mismatches === 0,
    });
    out.push({
      what: "burst: click → next approver's new DM, p95",
      measured: ms(x.nextDm.p95),
      target: "< 5000 ms",
      met: x.nextDm.p95 < 5000,
    });
  }
  if (r.scale) {
    const s = r.scale;
    out.push({
      what: `/approval list p95, ${s.list.pending} pending, ${s.requests.toLocaleString("en")} requests`,
      measured: ms(s.list.runs.p95),
      target: "< 100 ms",
      met: s.list.runs.p95 < 100,
    });
    out.push({
      what: `digest build for ${s.digest.people.toLocaleString("en")} people (median)`,
      measured: ms(s.digest.medianMs),
      target: "< 5000 ms",
      met: s.digest.medianMs < 5000,
    });
  }
  if (r.reminders) {
    const m = r.reminders;
    out.push({
      what: `reminder lateness p99, ${m.reminders.toLocaleString("en")} due at once`,
      measured: ms(m.lateness.p99),
      target: "< 1000 ms",
      met: m.lateness.p99 < 1000,
    });
  }
  return out;
}

export function printTable(raw: Record<string, unknown>): void {
  const r = raw as Results;
  const rows: string[][] = [["measure", "result", "target", "met"]];
  for (const t of targets(raw)) rows.push([t.what, t.measured, t.target, t.met ? "yes" : "NO"]);
  for (const l of r.ack?.levels ?? [])
    rows.push([
      `ack p50 at ${l.concurrency} clients: bot / bare`,
      `${ms(l.bot.p50)} / ${ms(l.bare.p50)} (${l.decided} of ${l.clicks} clicks decided)`,
      "",
      "",
    ]);
  if (r.throughput) {
    rows.push([
      "click → committed, p50 / p99",
      `${ms(r.throughput.toCommit.p50)} / ${ms(r.throughput.toCommit.p99)} (polled every ${r.throughput.pollMs} ms)`,
      "",
      "",
    ]);
    rows.push([
      "decisions/s, click → approver's DM updated",
      `${r.throughput.dmPerSecond}/s (${Math.round((r.throughput.dmPerSecond / r.throughput.floorPerSecond) * 1000) / 10}% of the floor)`,
      "",
      "",
    ]);
    rows.push([
      "click → DM updated, p50 / p99",
      `${ms(r.throughput.endToEnd.p50)} / ${ms(r.throughput.endToEnd.p99)}`,
      "",
      "",
    ]);
    rows.push([
      "database transactions per approval: bot / floor",
      `${r.throughput.transactionsPerDecision.bot} / ${r.throughput.transactionsPerDecision.floor}`,
      "",
      "",
    ]);
  }
  for (const c of r.calls?.scenarios ?? []) {
    const d = c.perDecision;
    rows.push([
      `${c.name}: per decision`,
      `chat.postMessage ${d.postMessage}, chat.update ${d.update}, response_url ${d.responseUrl}, views.publish ${d.publish}`,
      "",
      "",
    ]);
    rows.push([
      `${c.name}: totals`,
      `${c.messages} messages; posts ${c.delivered.posts}, chat.update ${c.delivered.updates}, response_url ${c.delivered.responseUrl} (minimum ${c.minimum.posts} + ${c.minimum.changes} changes, ${c.redundant} redundant); views.publish ${c.homes.publishes} (${c.homes.changed} changed a Home); 429s: ${byMethod(c.rateLimited)}; stale ${c.mismatches}`,
      "",
      "",
    ]);
  }
  if (r.calls?.logged)
    rows.push(["calls: warnings and errors logged", byMethod(r.calls.logged), "", ""]);
  if (r.burst) {
    const x = r.burst;
    rows.push([
      "burst: next DM p50 / p99 / max",
      `${ms(x.nextDm.p50)} / ${ms(x.nextDm.p99)} / ${ms(x.nextDm.max)}; ack p99 ${ms(x.ack.p99)}`,
      "",
      "",
    ]);
    rows.push(["burst: 429s by method", byMethod(x.rateLimited), "", ""]);
    rows.push(["burst: calls by method", byMethod(x.calls), "", ""]);
    if (x.profileLookups)
      rows.push([
        "burst: users.info of people who clicked / of others",
        `${x.profileLookups.clickers} / ${x.profileLookups.others}`,
        "",
        "",
      ]);
    rows.push(["burst: deepest backlog by queue", byMethod(x.maxBacklog), "", ""]);
    if (x.busyShare)
      rows.push([
        "burst: share of the burst each queue had a backlog",
        byMethod(x.busyShare),
        "",
        "",
      ]);
    if (x.logged) rows.push(["burst: warnings and errors logged", byMethod(x.logged), "", ""]);
    rows.push([
      "burst: caught up after the last click",
      `messages ${x.messagesCaughtUpS} s, App Homes ${x.homesCaughtUpS} s (${x.homes.mismatches} stale of the ${x.homes.checked} App Homes open)`,
      "",
      "",
    ]);
  }
  if (r.reminders) {
    rows.push([
      "Redis per scheduled timer job",
      `${r.reminders.redis.bytesPerJob} B (${r.reminders.redis.bytesPerAssignment} B per assignment: reminder + timeout)`,
      "",
      "",
    ]);
    rows.push([
      "reminders sent per second",
      `${r.reminders.perSecond}/s (lateness p50 ${ms(r.reminders.lateness.p50)})`,
      "",
      "",
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  for (const row of rows)
    console.log(row.map((c, i) => c + " ".repeat(widths[i]! - [...c].length)).join("  "));
  const loads = Object.entries(raw).flatMap(([k, v]) =>
    v && typeof v === "object" && "loadAverage" in v
      ? [`${k} ${(v as { loadAverage: { before: number[] } }).loadAverage.before[0]}`]
      : [],
  );
  console.log(
    `\nload average (1 min) when each part started: ${loads.join(", ")}; ${r.machine?.cpus} cores`,
  );
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
        {
          label: `bare Bolt, ${l.concurrency} clients`,
          color: colors.bare[i % 2]!,
          cdf: l.bare.cdf,
        },
        { label: `bot, ${l.concurrency} clients`, color: colors.bot[i % 2]!, cdf: l.bot.cdf },
      ]),
    });
  }
  const misc: Panel["series"] = [];
  if (r.scale)
    misc.push({
      label: `/approval list, ${r.scale.list.pending} pending`,
      color: "#2f6db5",
      cdf: r.scale.list.runs.cdf,
    });
  if (r.throughput?.toCommit)
    misc.push({
      label: `click → decision committed`,
      color: "#70ad47",
      cdf: r.throughput.toCommit.cdf,
    });
  if (r.throughput)
    misc.push({
      label: `click → approver's DM updated`,
      color: "#c0504d",
      cdf: r.throughput.endToEnd.cdf,
    });
  if (misc.length)
    panels.push({
      title: "End to end: decision, and /approval list",
      unit: "ms",
      log: true,
      target: { value: 100, label: "100 ms" },
      series: misc,
    });
  if (r.burst) {
    panels.push({
      title: `Burst of ${r.burst.decisions} decisions in ${r.burst.burstSeconds} s, Slack's rate limits on`,
      unit: "s",
      log: false,
      target: { value: 5, label: "5 s" },
      series: [
        {
          label: "click → next approver's new DM",
          color: "#2f6db5",
          cdf: r.burst.nextDm.cdf.map(([p, v]) => [p, v / 1000]),
        },
      ],
    });
  }
  if (r.reminders) {
    panels.push({
      title: `Reminder DM lateness, ${r.reminders.reminders.toLocaleString("en")} due at the same second`,
      unit: "s after due",
      log: false,
      target: { value: 1, label: "1 s" },
      series: [
        {
          label: "reminder DM received by Slack",
          color: "#7030a0",
          cdf: r.reminders.lateness.cdf.map(([p, v]) => [p, v / 1000]),
        },
      ],
    });
  }
  const m = r.machine;
  const footer = m
    ? `${m.cpus} × ${m.cpuModel ?? "cpu"}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, ${m.postgres}, Redis ${m.redis}; ran ${String(raw.ranAt)} (${String(raw.mode)}); 1-min load average at start of each part: ${[
        "ack",
        "throughput",
        "calls",
        "burst",
        "scale",
        "reminders",
      ]
        .filter((k) => raw[k])
        .map(
          (k) => `${k} ${(raw[k] as { loadAverage: { before: number[] } }).loadAverage.before[0]}`,
        )
        .join(", ")}`
    : "";
  return { panels, footer };
}
