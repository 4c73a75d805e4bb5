// The apps under measurement each run in a process of their own, as in production: the
// bot is `main/bot.ts` itself (HTTP mode, its Web API calls going to the local Slack
// stand-in in the bench process), the workers `npm run worker` (main/worker.ts), and
// the bare Bolt app is bench/bare-app.ts.
import { type ChildProcess, fork, spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "../harness/net.ts";
import { signingSecret } from "../harness/slack.ts";
import { repoRoot } from "../harness/world.ts";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed (pino JSON lines for the bot). */
  output(): string;
  stop(): Promise<void>;
}

export interface BotEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  JOBS_PREFIX: string;
  SLACK_API_URL: string;
  SLACK_BOT_TOKEN: string;
  ORG_FILE?: string;
  PROCESSES_DIR?: string;
  SETTINGS_FILE?: string;
  RUN_WORKERS?: "true" | "false";
  /** The bot's own pacing to Slack's budgets: "1" is Slack's, "off" none (README Configuration). */
  SLACK_RATE_SCALE?: string;
  /** The bot's connection pool (decisions get half of it); the default 10 unless BENCH_DATABASE_POOL_SIZE says otherwise. */
  DATABASE_POOL_SIZE?: string;
}

/** Starts the bot and waits for its "approval bot started" line (after the start-up resync). */
export async function startBotProcess(env: BotEnv, timeoutMs = 300_000): Promise<AppProcess> {
  const port = await freePort();
  const p = await startApp(
    "main/bot.ts",
    { ...env, PORT: String(port) },
    '"approval bot started"',
    timeoutMs,
  );
  return { ...p, url: `http://127.0.0.1:${port}/slack/events` };
}

/** `npm run worker` with the bot's environment; waits for its "workers started" line. */
export async function startWorkerProcess(env: BotEnv, timeoutMs = 120_000): Promise<AppProcess> {
  return startApp("main/worker.ts", env, '"workers started"', timeoutMs);
}

/**
 * Runs `entry` with `env` (and the signing secret: the worker's environment check asks for
 * one with a bot token too); resolves once it printed `ready`.
 */
async function startApp(
  entry: string,
  env: BotEnv & { PORT?: string },
  ready: string,
  timeoutMs: number,
): Promise<AppProcess> {
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the process, written when it stops.
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", entry], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...defined(env),
      SLACK_SIGNING_SECRET: signingSecret,
      LOG_LEVEL: "info",
    },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const stop = stopper(child);
  await waitFor(
    child,
    () => out.includes(ready),
    () => out,
    timeoutMs,
  );
  return { url: "", child, output: () => out, stop };
}

export async function startBareProcess(apiUrl: string, token: string): Promise<AppProcess> {
  const child = fork(path.join(import.meta.dirname, "bare-app.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: {
      PATH: process.env.PATH ?? "",
      SIGNING_SECRET: signingSecret,
      SLACK_API_URL: apiUrl,
      SLACK_BOT_TOKEN: token,
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m: { url: string }) => resolve(m.url));
    child.once("exit", (code) => reject(new Error(`bare app exited with ${code}`)));
  });
  return { url, child, output: () => "", stop: stopper(child) };
}

function stopper(child: ChildProcess) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  };
}

async function waitFor(
  child: ChildProcess,
  ready: () => boolean,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (child.exitCode !== null)
      throw new Error(`the process exited with ${child.exitCode}:\n${output().slice(-3000)}`);
    if (Date.now() > end)
      throw new Error(
        `the process did not start within ${timeoutMs} ms:\n${output().slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

const defined = (env: object) =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
