// The only module that reads process.env: everything else receives a parsed Env.
import { z } from "zod";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const portNumber = z.coerce
  .number("must be a port number")
  .int("must be a port number")
  .min(0)
  .max(65535);
const blankIsUnset = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** An empty value means the default, not port 0. */
const port = (fallback: number) => z.preprocess(blankIsUnset, portNumber.default(fallback));
/** A port for something served only when it is asked for. */
const optionalPort = z.preprocess(blankIsUnset, portNumber.optional());

const schema = z
  .object({
    SLACK_BOT_TOKEN: optional.pipe(
      z.string().startsWith("xoxb-", "must start with xoxb-").optional(),
    ),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.pipe(
      z.string().startsWith("xapp-", "must start with xapp-").optional(),
    ),
    SLACK_API_URL: optional.pipe(
      z.url("must be a URL such as http://localhost:3001/api/").optional(),
    ),
    PORT: port(3000),
    LOCAL_SLACK_PORT: port(3001),
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
        .optional(),
    ),
    /** Connections to PostgreSQL per process (decisions get half as many again, of their own). */
    DATABASE_POOL_SIZE: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce.number("must be a whole number from 2 to 100").int().min(2).max(100).default(10),
    ),
    DATA_DIR: z.string().default("./.data"),
    REDIS_URL: optional.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, "must be a redis:// URL")
        .optional(),
    ),
    ORG_FILE: z.string().default("config/org.yaml"),
    PROCESSES_DIR: z.string().default("config/processes"),
    SETTINGS_FILE: z.string().default("config/settings.yaml"),
    /** Run the BullMQ workers inside the bot process (set false when `npm run worker` runs apart). */
    RUN_WORKERS: z
      .enum(["true", "false"], "must be true or false")
      .default("true")
      .transform((v) => v === "true"),
    /**
     * Multiplies the Slack rate budgets the bot paces itself to (and, in local mode, those the
     * built-in local Slack enforces). 1 is Slack's own; more only for load tests on a local Slack.
     */
    SLACK_RATE_SCALE: z
      .string()
      .optional()
      .transform((v) =>
        !v?.trim() ? 1 : v.trim() === "off" ? Number.POSITIVE_INFINITY : Number(v),
      )
      .refine(
        (n) => n > 0,
        "must be a positive number, or off (no pacing: only against a local Slack)",
      ),
    JOBS_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]+$/, "must be lower-case letters, digits, - or _")
      .default("approvals"),
    DEFAULT_LOCALE: z.enum(["zh-CN", "en"]).default("zh-CN"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    /** auto: readable lines on a terminal, JSON (one object a line) otherwise. */
    LOG_FORMAT: z.enum(["auto", "pretty", "json"], "must be auto, pretty or json").default("auto"),
    /** `npm run worker`'s GET /readyz and GET /metrics (the bot serves them on PORT). */
    METRICS_PORT: optionalPort,
    /** Calls an API token may make a minute (README "The REST API"). */
    API_RATE_LIMIT: z.preprocess(
      blankIsUnset,
      z.coerce
        .number("must be a whole number of calls a minute")
        .int("must be a whole number of calls a minute")
        .min(1, "must be at least 1 call a minute")
        .default(600),
    ),
    NODE_ENV: z.string().default("development"),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is required in HTTP mode (SLACK_BOT_TOKEN set, no SLACK_APP_TOKEN)",
      });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set",
      });
    }
  });

export type Env = z.infer<typeof schema> & {
  /** WEBHOOK_* variables: the signing secrets that process webhooks name in `secret_env`. */
  secrets: Record<string, string>;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; throws a ConfigError listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) {
    const secrets = Object.fromEntries(
      Object.entries(source).filter((e): e is [string, string] => /^WEBHOOK_/.test(e[0]) && !!e[1]),
    );
    return { ...result.data, secrets };
  }
  const lines = result.error.issues.map(
    (i) => `  - ${i.path.join(".") || "(environment)"}: ${i.message}`,
  );
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

/** Which Slack the bot talks to: a real workspace (HTTP or Socket Mode) or the built-in local one. */
export function slackMode(env: Env): "socket" | "http" | "local" {
  if (!env.SLACK_BOT_TOKEN) return "local";
  return env.SLACK_APP_TOKEN ? "socket" : "http";
}
