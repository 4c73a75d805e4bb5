// The process's logger: JSON lines for a log collector, readable lines on a terminal (where a
// newcomer would otherwise dig the one URL they need out of a JSON object).
import { type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { Env } from "../config/env.ts";

export function createLogger(env: Pick<Env, "LOG_LEVEL" | "LOG_FORMAT">): Logger {
  if (!isReadable(env)) return pino({ level: env.LOG_LEVEL });
  return pino(
    { level: env.LOG_LEVEL },
    pretty({
      colorize: process.stdout.isTTY === true,
      translateTime: "SYS:HH:MM:ss",
      ignore: "pid,hostname",
      // Synchronous: the start-up lines (and the last words of a crash) are never lost.
      sync: true,
    }),
  );
}

/** Whether the logger writes readable lines (then a banner line may stand on its own). */
export function isReadable(env: Pick<Env, "LOG_FORMAT">): boolean {
  return (
    env.LOG_FORMAT === "pretty" || (env.LOG_FORMAT === "auto" && process.stdout.isTTY === true)
  );
}
