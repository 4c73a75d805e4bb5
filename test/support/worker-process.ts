// `npm run worker` as a child process (without its prisma generate pre-step), given only `env`.
import type { ChildProcess } from "node:child_process";
import { type AppProcess, runApp, started, stopApp } from "./app-process.ts";

export type WorkerProcess = AppProcess;

export const runWorker = (env: Record<string, string>): WorkerProcess =>
  runApp("main/worker.ts", env);

/** SIGTERM (the worker closes its queues and connections), SIGKILL if it hangs. */
export async function stopWorker(
  child: ChildProcess,
  exited: Promise<number | null>,
): Promise<void> {
  await stopApp({ child, exited, out: () => "" });
}

/** Resolves once the worker says it started; fails if it exits first. */
export const workerStarted = (w: WorkerProcess, timeoutMs = 30_000) =>
  started(w, "workers started", timeoutMs);
