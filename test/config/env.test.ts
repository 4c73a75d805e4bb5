// parseEnv: one ConfigError naming every bad variable; slackMode from what is set.
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, slackMode } from "../../src/config/env.ts";

function errorOf(env: Record<string, string | undefined>): string {
  try {
    parseEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  return expect.fail("expected parseEnv to throw");
}

/** The variable names the error lists, in order. */
const named = (message: string) => [...message.matchAll(/^ {2}- (\S+):/gm)].map((m) => m[1]);

describe("parseEnv", () => {
  it("defaults to local Slack and the embedded database", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      LOCAL_SLACK_PORT: 3001,
      DATA_DIR: "./.data",
      ORG_FILE: "config/org.yaml",
      PROCESSES_DIR: "config/processes",
      DEFAULT_LOCALE: "zh-CN",
      LOG_LEVEL: "info",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(slackMode(env)).toBe("local");
  });

  it("treats blank values as unset and trims", () => {
    const env = parseEnv({
      DATABASE_URL: "  ",
      SLACK_BOT_TOKEN: "",
      REDIS_URL: " redis://127.0.0.1:6379 ",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("HTTP mode needs the signing secret", () => {
    const message = errorOf({ SLACK_BOT_TOKEN: "xoxb-123" });
    expect(named(message)).toEqual(["SLACK_SIGNING_SECRET"]);
    expect(message).toContain("SLACK_SIGNING_SECRET: is required in HTTP mode");
    expect(
      slackMode(parseEnv({ SLACK_BOT_TOKEN: "xoxb-123", SLACK_SIGNING_SECRET: "s3cret" })),
    ).toBe("http");
    expect(slackMode(parseEnv({ SLACK_BOT_TOKEN: "xoxb-123", SLACK_APP_TOKEN: "xapp-1" }))).toBe(
      "socket",
    );
  });

  it("an app token or signing secret without a bot token is refused", () => {
    expect(named(errorOf({ SLACK_APP_TOKEN: "xapp-1" }))).toEqual(["SLACK_BOT_TOKEN"]);
    expect(named(errorOf({ SLACK_SIGNING_SECRET: "s3cret" }))).toEqual(["SLACK_BOT_TOKEN"]);
  });

  it("checks token prefixes", () => {
    const message = errorOf({ SLACK_BOT_TOKEN: "xoxp-123", SLACK_APP_TOKEN: "xoxb-1" });
    expect(named(message)).toEqual(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]);
    expect(message).toContain("SLACK_BOT_TOKEN: must start with xoxb-");
    expect(message).toContain("SLACK_APP_TOKEN: must start with xapp-");
  });

  it("names each bad variable in one error", () => {
    const message = errorOf({
      PORT: "eighty",
      DATABASE_URL: "mysql://db/x",
      REDIS_URL: "localhost:6379",
      LOG_LEVEL: "loud",
      SLACK_API_URL: "not a url",
    });
    expect(message.startsWith("Invalid configuration:\n")).toBe(true);
    expect(named(message).sort()).toEqual([
      "DATABASE_URL",
      "LOG_LEVEL",
      "PORT",
      "REDIS_URL",
      "SLACK_API_URL",
    ]);
    expect(message).toContain("DATABASE_URL: must be a postgresql:// URL");
    expect(message).toContain("REDIS_URL: must be a redis:// URL");
  });

  it("refuses ports out of range or fractional", () => {
    expect(named(errorOf({ PORT: "70000" }))).toEqual(["PORT"]);
    expect(named(errorOf({ PORT: "-1" }))).toEqual(["PORT"]);
    expect(named(errorOf({ LOCAL_SLACK_PORT: "3001.5" }))).toEqual(["LOCAL_SLACK_PORT"]);
    expect(parseEnv({ PORT: "8080" }).PORT).toBe(8080);
  });

  it("accepts both postgres URL spellings", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db" }).DATABASE_URL).toBe("postgres://u@h/db");
    expect(parseEnv({ DATABASE_URL: "postgresql://u@h:5432/db" }).DATABASE_URL).toBe(
      "postgresql://u@h:5432/db",
    );
  });

  it("an empty PORT means the default, not a random port", () => {
    expect(parseEnv({ PORT: "" }).PORT).toBe(3000);
    expect(parseEnv({ PORT: "  " }).PORT).toBe(3000);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT: must be a port number/);
  });
});
