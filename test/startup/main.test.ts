// The README's start command on a fresh machine: no Slack, no DATABASE_URL, no REDIS_URL.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/world.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "approvals-main-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(env: Record<string, string>, until: (out: string) => boolean, timeoutMs = 60_000) {
  const child = spawn(process.execPath, ["--import", "tsx", "main/bot.ts"], {
    cwd: repoRoot,
    // Empty Slack settings: a developer's .env (read by main.ts when a variable is unset) must not leak in.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      SLACK_BOT_TOKEN: "",
      SLACK_SIGNING_SECRET: "",
      SLACK_APP_TOKEN: "",
      ...env,
    },
  });
  let out = "";
  const done = new Promise<{ out: string; code: number | null }>((resolve) => {
    const timer = setTimeout(() => resolve({ out, code: null }), timeoutMs);
    const check = () => {
      if (!until(out)) return;
      clearTimeout(timer);
      resolve({ out, code: null });
    };
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ out, code });
    });
  });
  return { child, done };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe("start-up", () => {
  it("starts on embedded defaults: PGlite, a private Redis, the local Slack; /healthz answers", async () => {
    const [port, slackPort] = [await freePort(), await freePort()];
    const { child, done } = run(
      { PORT: String(port), LOCAL_SLACK_PORT: String(slackPort), DATA_DIR: dataDir },
      (o) => o.includes("approval bot started"),
    );
    try {
      const { out } = await done;
      expect(out).toContain("approval bot started");
      expect(out).toContain("private redis-server");
      expect(out).toContain("to connect a real workspace");
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.text()).toBe("ok");
      const auth = await fetch(`http://127.0.0.1:${slackPort}/api/auth.test`, {
        method: "POST",
        headers: { authorization: "Bearer xoxb-local" },
      });
      expect(((await auth.json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
  }, 90_000);

  it("refuses bad configuration with a message naming each variable, and exits 1", async () => {
    const { done } = run(
      { SLACK_BOT_TOKEN: "not-a-token", PORT: "http", DATA_DIR: dataDir },
      () => false,
    );
    const { out, code } = await done;
    expect(code).toBe(1);
    expect(out).toContain("SLACK_BOT_TOKEN: must start with xoxb-");
    expect(out).toMatch(/PORT: /);
  });

  it("stops on a bad process definition, naming the file, the path and the problem", async () => {
    const { done } = run(
      { PROCESSES_DIR: path.join(repoRoot, "test/fixtures/bad-processes"), DATA_DIR: dataDir },
      () => false,
    );
    const { out, code } = await done;
    expect(code).toBe(1);
    expect(out).toMatch(/bad-processes\/broken\.yaml: steps\[0\]\.when: unknown field "amont"/);
  });
});
