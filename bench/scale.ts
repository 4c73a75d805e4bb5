// 100,000 requests (20% open) and 10,000 people: `/approval list` for a person with 500
// waiting on them, end to end (signed slash command → the ephemeral answer arriving at the
// stand-in), and one digest build for everyone.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { StoredEphemeral } from "@approvals/slack-local";
import { stringify } from "yaml";
import type { Directory } from "../src/directory/directory.ts";
import { type BenchBot, startBenchBot } from "./bench-bot.ts";
import { benchDatabase } from "./bench-env.ts";
import type { Harness } from "./harness.ts";
import { type ScaleSpec, scaleWorld } from "./scale-world.ts";
import { type Summary, summarize } from "./stats.ts";

export interface ScaleResult {
  requests: number;
  openShare: number;
  people: number;
  dataMs: number;
  /** The bot's start-up, including the resync of every open assignment's timers. */
  botStartMs: number;
  list: { userId: string; pending: number; runs: Summary };
  digest: { people: number; withContent: number; runsMs: number[]; medianMs: number };
}

/** The org as a file, for the bot process (ORG_FILE). */
export function writeOrgFile(directory: Directory): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "approvals-bench-")), "org.yaml");
  writeFileSync(file, stringify(directory.org));
  return file;
}

export async function measureScale(
  spec: ScaleSpec,
  settings: unknown,
  listRuns: number,
  digestRuns: number,
): Promise<ScaleResult> {
  let t = performance.now();
  const { world, directory } = await scaleWorld(await benchDatabase("approvals_bench_scale"), spec);
  const dataMs = performance.now() - t;
  t = performance.now();
  // Workers off: this part measures reads, and nobody's reminders should fire meanwhile.
  const b = await startBenchBot(
    world,
    directory.org.people.map((p) => p.id),
    {
      settings,
      workers: "none",
      env: { ORG_FILE: writeOrgFile(directory), PROCESSES_DIR: process.env.PROCESSES_DIR },
    },
  ).catch(async (e: unknown) => {
    await world.close();
    throw e;
  });
  const botStartMs = performance.now() - t;
  try {
    const runs = await timeList(b, spec.busy.userId, spec.busy.pending, listRuns);
    const everyone = directory.org.people.map((p) => p.id);
    const runsMs: number[] = [];
    let withContent = 0;
    for (let i = 0; i < digestRuns; i++) {
      t = performance.now();
      const built = await b.harness.services.digestBuilder.build(everyone, new Date());
      runsMs.push(Math.round(performance.now() - t));
      withContent = [...built.values()].filter((d) => d.waiting.length + d.mine.length > 0).length;
    }
    return {
      requests: spec.requests,
      openShare: spec.openShare,
      people: spec.people,
      dataMs: Math.round(dataMs),
      botStartMs: Math.round(botStartMs),
      list: { userId: spec.busy.userId, pending: spec.busy.pending, runs },
      digest: {
        people: everyone.length,
        withContent,
        runsMs,
        medianMs: [...runsMs].sort((x, y) => x - y)[Math.floor(runsMs.length / 2)]!,
      },
    };
  } finally {
    await b.close();
  }
}

async function timeList(
  b: BenchBot,
  userId: string,
  pending: number,
  runs: number,
): Promise<Summary> {
  const ms: number[] = [];
  for (let i = -3; i < runs; i++) {
    const start = performance.now();
    const answer = nextEphemeral(b.harness, userId);
    const res = await b.harness.slack.slashCommand({ userId, command: "/approval", text: "list" });
    if (res.status !== 200) throw new Error(`/approval list answered ${res.status}`);
    const text = (await answer).text;
    // The answer must be the list, with every one of them counted.
    if (!text.includes(String(pending)))
      throw new Error(`/approval list did not count ${pending}: ${text}`);
    if (i >= 0) ms.push(performance.now() - start);
  }
  return summarize(ms);
}

/** Resolves with the next ephemeral message to `userId` (event-driven: polling would add its interval to the time). */
function nextEphemeral(harness: Harness, userId: string): Promise<StoredEphemeral> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer within 10 s")), 10_000);
    const on = (e: StoredEphemeral) => {
      if (e.user !== userId) return;
      clearTimeout(timer);
      harness.slack.events.off("ephemeral", on);
      resolve(e);
    };
    harness.slack.events.on("ephemeral", on);
  });
}
