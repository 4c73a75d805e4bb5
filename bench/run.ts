// `npm run bench [-- --quick] [-- --only=ack,throughput,calls,burst,scale,reminders]`: measures the bot
// against the local PostgreSQL and Redis, prints a table, writes bench/results/latest.json
// and the latency chart bench/results/latency.png. See README "Performance".
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { repoRoot, shippedWorld } from "../harness/world.ts";
import { loadSettings } from "../src/config/settings.ts";
import { withPgClient } from "../src/db/open-database.ts";
import { measureAckLatency } from "./ack-latency.ts";
import { startBenchBot } from "./bench-bot.ts";
import { benchDatabase, redisUrl, serverUrl } from "./bench-env.ts";
import { benchWorld } from "./bench-world.ts";
import { measureBurst } from "./burst.ts";
import { chartHtml, renderPng } from "./chart.ts";
import { LoadClients } from "./load.ts";
import { measureReminders } from "./reminders.ts";
import { chartPanels, printTable, targets } from "./report.ts";
import { measureScale } from "./scale.ts";
import { measureCalls } from "./slack-calls.ts";
import { measureThroughput } from "./throughput.ts";

const quick = process.argv.includes("--quick");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const wanted = (section: string) => !only || only.includes(section);
process.env.REDIS_URL ??= redisUrl;

const sizes = quick
  ? {
      warmup: 30,
      levels: [
        { concurrency: 50, clicks: 150 },
        { concurrency: 200, clicks: 400 },
      ],
      decisions: 100,
      panels: [5, 10, 20],
      burst: { decisions: 60, seconds: 60 },
      scale: { people: 2_000, requests: 20_000 },
      reminders: 1_000,
      listRuns: 30,
      digestRuns: 2,
    }
  : {
      warmup: 100,
      levels: [
        { concurrency: 50, clicks: 500 },
        { concurrency: 200, clicks: 1_000 },
      ],
      decisions: 500,
      panels: [5, 10, 20],
      burst: { decisions: 300, seconds: 300 },
      scale: { people: 10_000, requests: 100_000 },
      reminders: 10_000,
      listRuns: 100,
      digestRuns: 3,
    };

const resultsDir = path.join(repoRoot, "bench/results");
// --out=<file>: write the figures there instead (a trial run), and no chart.
const out = process.argv.find((a) => a.startsWith("--out="))?.slice(6);
const latestFile = out ? path.resolve(out) : path.join(resultsDir, "latest.json");
const previous = only && existsSync(latestFile) ? JSON.parse(readFileSync(latestFile, "utf8")) : {};
const results: Record<string, unknown> = {
  ...previous,
  ranAt: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  machine: await machine(),
};

/** Each section records the load average before and after it: other work on the machine inflates the figures. */
async function section<T>(name: string, run: () => Promise<T>): Promise<void> {
  if (!wanted(name)) return;
  const before = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const start = performance.now();
  console.error(`… ${name}`);
  const value = await run();
  const after = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results[name] = {
    ...value,
    ranAt: new Date().toISOString(),
    seconds: Math.round((performance.now() - start) / 1000),
    loadAverage: { before, after },
  };
}

const settings = await loadSettings(path.join(repoRoot, "config/settings.yaml"));
const clients = LoadClients.start();
try {
  if (wanted("ack") || wanted("throughput")) {
    // Slack's limits off: these parts measure the bot. Workers in a process of their own, so the bot process only decides.
    const world = await shippedWorld(await benchDatabase("approvals_bench"));
    const b = await startBenchBot(
      world,
      world.directory.org.people.map((p) => p.id),
      { settings, workers: "apart" },
    ).catch(async (e: unknown) => {
      await world.close();
      throw e;
    });
    try {
      await section("ack", async () => ({
        levels: await measureAckLatency(b, clients, sizes.levels, sizes.warmup),
      }));
      await section("throughput", () => measureThroughput(b, clients, sizes.decisions, 20, 10));
    } finally {
      await b.close();
    }
  }
  // Slack's own rate limits (rateScale 1, SLACK_RATE_SCALE=1), workers in a process of their own.
  if (wanted("calls")) {
    const { world, files } = await benchWorld(await benchDatabase("approvals_bench_calls"), {
      panels: sizes.panels,
      burst: 0,
    });
    const b = await startBenchBot(
      world,
      world.directory.org.people.map((p) => p.id),
      { settings, rateScale: 1, workers: "apart", env: files },
    ).catch(async (e: unknown) => {
      await world.close();
      throw e;
    });
    try {
      await section("calls", () => measureCalls(b, sizes.panels));
    } finally {
      await b.close();
    }
  }
  if (wanted("burst")) {
    const { world, files } = await benchWorld(await benchDatabase("approvals_bench_burst"), {
      panels: [],
      burst: sizes.burst.decisions,
    });
    // The worker starts unpaced to prepare the requests; the burst itself runs paced (bench/burst.ts).
    const b = await startBenchBot(
      world,
      world.directory.org.people.map((p) => p.id),
      {
        settings,
        rateScale: 1,
        workers: "apart",
        env: files,
        workerEnv: { SLACK_RATE_SCALE: "off" },
      },
    ).catch(async (e: unknown) => {
      await world.close();
      throw e;
    });
    try {
      await section("burst", () =>
        measureBurst(b, sizes.burst.decisions, sizes.burst.seconds * 1000),
      );
    } finally {
      await b.close();
    }
  }
  await section("scale", () =>
    measureScale(
      { ...sizes.scale, openShare: 0.2, busy: { userId: "USA0001", pending: 500 } },
      settings,
      sizes.listRuns,
      sizes.digestRuns,
    ),
  );
  // One more person than reminders: the requester is never reminded.
  await section("reminders", () => measureReminders(sizes.reminders + 1, sizes.reminders));
} finally {
  clients.stop();
}

results.targets = targets(results);
writeFileSync(latestFile, `${JSON.stringify(results, null, 2)}\n`);
printTable(results);
if (!out) {
  const { panels, footer } = chartPanels(results);
  await renderPng(
    chartHtml("Approval bot: latency distributions (cumulative)", footer, panels),
    path.join(resultsDir, "latency.png"),
  );
}
console.log(
  `\nwrote ${path.relative(process.cwd(), latestFile)}${out ? "" : " and bench/results/latency.png"}`,
);

async function machine() {
  const cpus = os.cpus();
  const postgres = await withPgClient(serverUrl, (c) =>
    c.query<{ version: string }>("SELECT version()"),
  ).then((r) => r[0]!.version.split(",")[0]);
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1];
  await redis.quit();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    redis: redisVersion,
    chromium: (() => {
      try {
        return execFileSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"], {
          stdio: ["ignore", "pipe", "ignore"],
        })
          .toString()
          .trim();
      } catch {
        return undefined;
      }
    })(),
  };
}
