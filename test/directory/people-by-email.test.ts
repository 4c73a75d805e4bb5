// People given by email in the org file: their Slack ids are looked up (a few one by one, many
// from the member list in pages), kept in the database a day, used when Slack does not answer,
// and the bot refuses to start naming each person it cannot place.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type LocalSlack, startLocalSlack } from "@approvals/slack-local";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { slackIdentityLookup } from "../../handlers/outbound/slack-identities.ts";
import { ConfigError } from "../../src/config/env.ts";
import type { Database } from "../../src/db/open-database.ts";
import { Directory } from "../../src/directory/directory.ts";
import { cachedLookup, identityMaxAgeMs } from "../../src/directory/identity-cache.ts";
import { resolveOrg } from "../../src/directory/resolve-org.ts";
import { orgSchema } from "../../src/directory/schema.ts";
import { runApp, started, stopApp } from "../support/app-process.ts";
import { freshDatabase } from "../support/database.ts";
import { repoRoot } from "../support/world.ts";

const shipped = parse(readFileSync(path.join(repoRoot, "config/org.yaml"), "utf8")) as {
  people: { id: string; name: string; manager?: string }[];
  roles: { key: string; holders: unknown }[];
};

/** The shipped org with the sales admin (USA0001) and their lead (USA0002) given by email only. */
function orgByEmail() {
  const org = structuredClone(shipped);
  for (const p of org.people) {
    if (p.id === "USA0001") Object.assign(p, { id: undefined, email: "Han.Mei@example.com" });
    if (p.id === "USA0002") Object.assign(p, { id: undefined, email: "yang.fan@example.com" });
    if (p.manager === "USA0002") p.manager = "yang.fan@example.com";
  }
  for (const p of org.people) if (p.id === undefined) delete (p as { id?: string }).id;
  // Their roles name them by email too (in another case: emails are compared as Slack does).
  const byEmail: Record<string, string> = {
    USA0001: "han.mei@example.com",
    USA0002: "Yang.Fan@example.com",
  };
  for (const r of org.roles)
    if (Array.isArray(r.holders)) r.holders = r.holders.map((h: string) => byEmail[h] ?? h);
  return org;
}

const accounts = [
  { id: "UHANMEI01", name: "han.mei", email: "han.mei@example.com" },
  { id: "UYANGFAN1", name: "yang.fan", email: "yang.fan@example.com", deleted: true },
];

let slack: LocalSlack;
let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  const many = Array.from({ length: 430 }, (_, i) => ({
    id: `UMANY${String(i).padStart(4, "0")}`,
    name: `p${i}`,
    email: `person${i}@example.com`,
  }));
  slack = await startLocalSlack({
    signingSecret: "s",
    users: [...accounts, ...many],
    scopes: ["users:read", "users:read.email", "chat:write", "im:write", "commands"],
  });
});
afterAll(async () => {
  await slack?.close();
  await database?.close();
});

/** A command's exit code and output, without blocking this process. */
function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(cmd, args, { ...opts, encoding: "utf8" }, (e, stdout, stderr) =>
      resolve({ status: e ? Number(e.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const client = () => new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
const calls = (method: string) => slack.store.calls.filter((c) => c.method === method);

describe("the org file", () => {
  it("takes a person by email, id or both, and a manager or holder by either", () => {
    const parsed = orgSchema.safeParse(orgByEmail());
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const bad = orgSchema.safeParse({
      ...orgByEmail(),
      people: [
        ...orgByEmail().people,
        { name: "无名" },
        { email: "han.mei@example.com", name: "重复" },
        { id: "UX1", name: "x", manager: "nobody@example.com" },
      ],
    });
    expect(bad.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        `people.${shipped.people.length}: needs an id (the Slack member id) or an email`,
        `people.${shipped.people.length + 1}.email: duplicate email han.mei@example.com`,
        `people.${shipped.people.length + 2}.manager: unknown person nobody@example.com`,
      ]),
    );
  });
});

describe("resolving people by email", () => {
  it("finds a few one by one, keeps the answers, and asks again only after a day", async () => {
    const now = new Date();
    const lookup = cachedLookup(database.prisma, slackIdentityLookup(client()), { now: () => now });
    const before = calls("users.lookupByEmail").length;
    const { org, deactivated } = await resolveOrg(orgSchema.parse(orgByEmail()), lookup);
    expect(calls("users.lookupByEmail").length - before).toBe(2);
    const dir = new Directory(org);
    expect(dir.person("UHANMEI01")?.name).toBe("韩梅");
    expect(dir.manager("UHANMEI01")).toBe("UYANGFAN1");
    const admin = dir.holders("sales_admin", "USR0001");
    expect(admin.ok && admin.ids).toEqual(["UHANMEI01"]);
    expect(deactivated.map((p) => p.email)).toEqual(["yang.fan@example.com"]);
    const kept = await database.prisma.slackIdentity.findMany({ orderBy: { email: "asc" } });
    expect(kept.map((k) => [k.email, k.userId, k.deleted])).toEqual([
      ["han.mei@example.com", "UHANMEI01", false],
      ["yang.fan@example.com", "UYANGFAN1", true],
    ]);

    // Restarted the same day: no lookups.
    await resolveOrg(orgSchema.parse(orgByEmail()), lookup);
    expect(calls("users.lookupByEmail").length - before).toBe(2);
    // A day later: Slack is asked again.
    const later = new Date(now.getTime() + identityMaxAgeMs + 1000);
    const tomorrow = cachedLookup(database.prisma, slackIdentityLookup(client()), {
      now: () => later,
    });
    await resolveOrg(orgSchema.parse(orgByEmail()), tomorrow);
    expect(calls("users.lookupByEmail").length - before).toBe(4);
  });

  it("uses the kept answers when Slack does not answer, and says so", async () => {
    const later = new Date(Date.now() + 3 * identityMaxAgeMs);
    const stale: string[][] = [];
    const flaky = new WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const lookup = cachedLookup(database.prisma, slackIdentityLookup(flaky), {
      now: () => later,
      onStale: (_e, emails) => stale.push(emails),
    });
    const restore = slack.failWhile("users.lookupByEmail", { status: 503 });
    try {
      const { org } = await resolveOrg(orgSchema.parse(orgByEmail()), lookup);
      expect(new Directory(org).person("UHANMEI01")).toBeDefined();
      expect(stale.map((emails) => emails.sort())).toEqual([
        ["han.mei@example.com", "yang.fan@example.com"],
      ]);
      // Nothing kept for someone new: a clear error, not a guess.
      const withNew = orgByEmail();
      withNew.people.push({ email: "new.hire@example.com", name: "新人" } as never);
      const e = await resolveOrg(orgSchema.parse(withNew), lookup).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ConfigError);
      expect(String((e as Error).message)).toMatch(/Slack did not answer.*new\.hire@example\.com/);
    } finally {
      restore();
    }
  });

  it("reads the member list in pages when many are to be found", async () => {
    const org = orgByEmail();
    for (let i = 0; i < 400; i++)
      org.people.push({ email: `person${i}@example.com`, name: `员工${i}` } as never);
    const fresh = await freshDatabase();
    try {
      const before = calls("users.list").length;
      const lookup = cachedLookup(fresh.prisma, slackIdentityLookup(client()), {
        now: () => new Date(),
      });
      const { org: resolved } = await resolveOrg(orgSchema.parse(org), lookup);
      const pages = calls("users.list").slice(before);
      expect(pages.map((c) => Number(c.args.limit))).toEqual([200, 200, 200]);
      expect(pages[1]!.args.cursor).toBeTruthy();
      expect(new Directory(resolved).person("UMANY0399")?.name).toBe("员工399");
      expect(await fresh.prisma.slackIdentity.count()).toBe(402);
    } finally {
      await fresh.close();
    }
  });

  it("names each person no account has, and a missing scope, as a start-up error", async () => {
    const org = orgByEmail();
    org.people.push({ email: "nobody@example.com", name: "查无此人" } as never);
    const lookup = cachedLookup(database.prisma, slackIdentityLookup(client()), {
      now: () => new Date(),
    });
    const e = await resolveOrg(orgSchema.parse(org), lookup, "config/org.yaml").catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toContain(
      `people[${org.people.length - 1}] 查无此人 <nobody@example.com>`,
    );

    const noEmailScope = await startLocalSlack({
      signingSecret: "s",
      users: accounts,
      scopes: ["users:read", "chat:write"],
    });
    try {
      const c = new WebClient(noEmailScope.botToken, { slackApiUrl: noEmailScope.apiUrl });
      const scoped = await slackIdentityLookup(c)
        .byEmail(["han.mei@example.com"])
        .catch((x: unknown) => x);
      expect(scoped).toBeInstanceOf(ConfigError);
      expect((scoped as Error).message).toMatch(/users:read\.email/);
      // Slack gives no emails in the member list without the scope either.
      const list = await c.users.list({});
      expect(list.members?.some((m) => m.profile?.email)).toBe(false);
    } finally {
      await noEmailScope.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)("the bot against Slack", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "org-email-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = async (org: unknown) => {
    const file = path.join(dir, `org-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, stringify(org));
    const db = await freshDatabase();
    return {
      db,
      env: {
        ORG_FILE: file,
        DATABASE_URL: db.url!,
        REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: slack.apiUrl,
        PORT: "0",
        RUN_WORKERS: "false",
        JOBS_PREFIX: `org${Math.random().toString(36).slice(2, 8)}`,
      },
    };
  };

  it("refuses to start, naming the person Slack does not know", async () => {
    const org = orgByEmail();
    org.people.push({ email: "ghost@example.com", name: "幽灵" } as never);
    const { db, env: e } = await env(org);
    try {
      const bot = runApp("main/bot.ts", e);
      expect(await bot.exited).toBe(1);
      expect(bot.out()).toContain("幽灵 <ghost@example.com>");
      expect(bot.out()).toContain("no Slack account with their email");
    } finally {
      await db.close();
    }
  }, 60_000);

  it("starts with everyone resolved, and warns of the deactivated", async () => {
    const { db, env: e } = await env(orgByEmail());
    const bot = runApp("main/bot.ts", e);
    try {
      await started(bot, "approval bot started", 60_000);
      expect(bot.out()).toContain("deactivated in Slack");
      expect(await db.prisma.slackIdentity.count()).toBe(2);
    } finally {
      await stopApp(bot);
      await db.close();
    }
  }, 90_000);
});

describe("npm run org:check", () => {
  it("lists who is not found, who is deactivated, and roles left without a holder", async () => {
    const ids = shipped.people
      .map((p) => p.id)
      .filter((id) => id !== "USA0001" && id !== "USA0002");
    const workspace = await startLocalSlack({
      signingSecret: "s",
      users: [
        ...ids
          .filter((id) => id !== "UQA0001")
          .map((id) => ({ id, name: id, deleted: id === "UCS0001" })),
        ...accounts,
      ],
      scopes: ["users:read", "users:read.email"],
    });
    const dir = mkdtempSync(path.join(tmpdir(), "org-check-"));
    try {
      const file = path.join(dir, "org.yaml");
      writeFileSync(file, stringify(orgByEmail()));
      // Not spawnSync: the local Slack it calls answers from this process.
      const { status, stdout, stderr } = await run(
        process.execPath,
        ["--import", "tsx", "main/org-check.ts"],
        {
          cwd: repoRoot,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            ORG_FILE: file,
            SLACK_BOT_TOKEN: workspace.botToken,
            SLACK_API_URL: workspace.apiUrl,
          },
        },
      );
      expect(status, stderr).toBe(1);
      const at = (id: string) => shipped.people.findIndex((p) => p.id === id);
      expect(stdout.split("\n")).toEqual([
        "Not found in Slack (no account with this id or email):",
        `  people[${at("UQA0001")}] 尤刚 UQA0001`,
        "Deactivated in Slack (nothing reaches them):",
        `  people[${at("USA0002")}] 杨帆 <yang.fan@example.com>`,
        `  people[${at("UCS0001")}] 秦雪 UCS0001`,
        "Roles without a holder who can be reached:",
        "  sales_admin_lead",
        "  customer_service",
        "  quality",
        `${file}: 6 finding(s) among ${shipped.people.length} people`,
        "",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await workspace.close();
    }
  }, 60_000);
});
