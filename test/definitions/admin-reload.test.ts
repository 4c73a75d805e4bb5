// `/approval admin reload` through the Slack glue: an admin publishes an edited YAML file in
// the running bot; requests in flight finish on their version, new ones take the new one,
// `/approval status` shows which; a bad file changes nothing; anyone else is refused.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSampleData } from "../../src/db/seed.ts";
import { ProcessCatalog } from "../../src/definitions/catalog.ts";
import { loadCheckedProcesses } from "../../src/definitions/load-processes.ts";
import { reloader } from "../../src/definitions/reload.ts";
import { loadDirectory } from "../../src/directory/load-org.ts";
import { localUserId } from "../../src/directory/resolve-org.ts";
import type { OrgFile } from "../../src/directory/schema.ts";
import { ApprovalEngine } from "../../src/engine/engine.ts";
import { t } from "../../src/i18n/index.ts";
import {
  approvalAnswer,
  assignmentsOf,
  type Bot,
  clickOn,
  eventually,
  fileRequest,
  latestRequestId,
  startBot,
} from "../support/bot.ts";
import { freshDatabase } from "../support/database.ts";
import { returnFormValues } from "../support/forms.ts";
import { repoRoot } from "../support/world.ts";

const admin = "USO0001";
let bot: Bot;
let dir: string;
let returnYaml: string;
let orgDir: string;
let orgFile: string;

beforeAll(async () => {
  // The bot reads its definitions from a copy, so the test can edit them as an admin would.
  dir = await mkdtemp(path.join(tmpdir(), "reload-"));
  await cp(path.join(repoRoot, "config/processes"), dir, { recursive: true });
  returnYaml = await readFile(path.join(dir, "return.yaml"), "utf8");
  const database = await freshDatabase();
  await seedSampleData(database.prisma);
  // The org file too: an admin adds people to it, and reload reads it again.
  orgDir = await mkdtemp(path.join(tmpdir(), "reload-org-"));
  orgFile = path.join(orgDir, "org.yaml");
  await cp(path.join(repoRoot, "config/org.yaml"), orgFile);
  const directory = await loadDirectory(orgFile);
  const loadDefinitions = (org: OrgFile) =>
    loadCheckedProcesses({ dir, org, orgFile, secrets: {} });
  const load = reloader({
    loadOrg: async () => (await loadDirectory(orgFile)).org,
    loadDefinitions,
    directory,
  });
  const catalog = await ProcessCatalog.publish(
    database.prisma,
    await loadDefinitions(directory.org),
    { load },
  );
  const engine = new ApprovalEngine({ db: database.prisma, directory, catalog });
  bot = await startBot({
    world: { database, engine, directory, catalog, close: () => database.close() },
    settings: { admins: [admin] },
  });
});
afterAll(async () => {
  await bot?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(orgDir, { recursive: true, force: true });
});

/** Waits until the request waits on `userId` at `step`. */
const waitsOn = (id: number, step: string, userId: string) =>
  eventually(
    async () => (await assignmentsOf(bot, id)).includes(`${step}:${userId}:PENDING`) || undefined,
    `#${id} waiting on ${userId} at ${step}`,
  );

const refusal = { command: "`/approval admin`", setting: "`admins`" };

describe("/approval admin reload", () => {
  it("is refused to anyone who is not an admin, and nothing is re-read", async () => {
    await writeFile(
      path.join(dir, "return.yaml"),
      returnYaml.replace("quality_check", "quality_recheck"),
    );
    expect(await approvalAnswer(bot, "USD0001", "admin reload")).toBe(
      t("zh-CN", "command.admin.not_allowed", refusal),
    );
    expect(await approvalAnswer(bot, "USR0004", "admin reload")).toBe(
      t("en", "command.admin.not_allowed", refusal),
    );
    expect(bot.services.catalog.get("return")!.def.version).toBe(1);
    await writeFile(path.join(dir, "return.yaml"), returnYaml);
  });

  it("publishes an edited process as v2: the request in flight keeps v1, a new one follows v2", async () => {
    await fileRequest(bot, "USR0001", "return", returnFormValues());
    const old = await latestRequestId(bot);
    await waitsOn(old, "order_check", "USA0001");

    // The admin drops the quality re-inspection.
    await writeFile(
      path.join(dir, "return.yaml"),
      returnYaml.replace(/^ {2}- \{ key: quality_check,.*\n/m, ""),
    );
    const answer = await approvalAnswer(bot, admin, "admin reload");
    expect(answer).toContain("退货/换货申请（`return`）v1 → v2");
    expect(answer).not.toContain("credit");
    expect(bot.services.catalog.get("return")!.def.steps.map((s) => s.key)).not.toContain(
      "quality_check",
    );

    await fileRequest(bot, "USR0001", "return", returnFormValues());
    const fresh = await latestRequestId(bot);
    await clickOn(bot, old, "USA0001");
    await waitsOn(old, "quality_check", "UQA0001");
    await clickOn(bot, fresh, "USA0001");
    await waitsOn(fresh, "director", "USD0001");

    // /approval status names each request's version.
    const statusBlocks = async (id: number) => {
      await approvalAnswer(bot, "USR0001", `status ${id}`);
      return JSON.stringify(bot.slack.store.ephemeralsFor("USR0001").at(-1)!.blocks);
    };
    expect(await statusBlocks(old)).toContain("流程版本 v1");
    expect(await statusBlocks(fresh)).toContain("流程版本 v2");
  });

  it("with nothing changed, says so", async () => {
    expect(await approvalAnswer(bot, admin, "admin reload")).toBe(
      t("zh-CN", "command.admin.reload.none"),
    );
  });

  it("a bad file answers with the problem and changes nothing", async () => {
    await writeFile(
      path.join(dir, "return.yaml"),
      returnYaml.replace("{ role: quality }", "{ role: inspectors }"),
    );
    const answer = await approvalAnswer(bot, admin, "admin reload");
    expect(answer).toContain("流程定义或组织通讯录有误，未做任何更改");
    expect(answer).toContain(
      `${path.join(dir, "return.yaml")}: steps[1] "quality_check" who: unknown role "inspectors"`,
    );
    expect(bot.services.catalog.get("return")!.def.version).toBe(2);
    expect(await bot.world.database.prisma.processVersion.count({ where: { key: "return" } })).toBe(
      2,
    );
  });

  it("reads the org file again: a new person (by email) and role holder take effect, a broken file changes nothing", async () => {
    await writeFile(path.join(dir, "return.yaml"), returnYaml);
    const original = await readFile(orgFile, "utf8");
    const hire = "new.admin@example.com";
    await writeFile(
      orgFile,
      original
        .replace(
          "  - { id: USA0001, name: 韩梅, manager: USA0002 }",
          `  - { id: USA0001, name: 韩梅, manager: USA0002 }\n  - { email: ${hire}, name: 新内勤, manager: USA0002 }`,
        )
        .replace("    holders: [USA0001]", `    holders: [USA0001, ${hire}]`),
    );
    const people = bot.services.directory;
    expect(people.person(localUserId(hire))).toBeUndefined();
    const answer = await approvalAnswer(bot, admin, "admin reload");
    expect(people.person(localUserId(hire))?.name, answer).toBe("新内勤");
    const holders = people.holders("sales_admin", "USR0001");
    expect(holders.ok && holders.ids).toEqual(["USA0001", localUserId(hire)]);

    await writeFile(orgFile, original.replace("    holders: [USA0001]", "    holders: [UNOBODY]"));
    expect(await approvalAnswer(bot, admin, "admin reload")).toMatch(/unknown person UNOBODY/);
    expect(people.person(localUserId(hire))?.name).toBe("新内勤");
    await writeFile(orgFile, original);
  });

  it("only reload and token are subcommands", async () => {
    expect(await approvalAnswer(bot, admin, "admin")).toBe(
      t("zh-CN", "command.admin.usage", {
        command: "`/approval admin reload`",
        token: "`/approval admin token`",
      }),
    );
  });
});
