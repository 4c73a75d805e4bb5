// `npm start` (main/bot.ts) and `npm run worker` as child processes, given only `env`.
import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "./world.ts";

export interface AppProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed. */
  out(): string;
}

export function runApp(
  entry: "main/bot.ts" | "main/worker.ts",
  env: Record<string, string>,
): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: repoRoot,
    // Small pools: test files run side by side, each with processes of its own, under PostgreSQL's 100 connections.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_POOL_SIZE: "4",
      ...env,
    },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out };
}

/** Resolves once the process printed `line`; fails if it exits first. */
export async function started(p: AppProcess, line: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!p.out().includes(line)) {
    if (p.child.exitCode !== null)
      throw new Error(`the process exited with ${p.child.exitCode}:\n${p.out()}`);
    if (Date.now() > end)
      throw new Error(`the process did not start within ${timeoutMs} ms:\n${p.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM (it closes its queues and connections), SIGKILL if it hangs. */
export async function stopApp(p: AppProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), 10_000);
  await p.exited;
  clearTimeout(timer);
}
