// `npm run worker` as a child process (without its prisma generate pre-step), given only `env`.
import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "./world.ts";

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed. */
  out(): string;
}

export function runWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker-main.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out };
}

/** SIGTERM (the worker closes its queues and connections), SIGKILL if it hangs. */
export async function stopWorker(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resolves once the worker says it started; fails if it exits first. */
export async function workerStarted(w: WorkerProcess, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!w.out().includes("workers started")) {
    if (w.child.exitCode !== null) throw new Error(`the worker exited with ${w.child.exitCode}:\n${w.out()}`);
    if (Date.now() > end) throw new Error(`the worker did not start within ${timeoutMs} ms:\n${w.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
