// `/approval admin token …` in Slack: an admin makes a token (its secret shown once, to them
// alone) that the API then takes, lists tokens, and revokes one, which stops working at once.
import { describe, expect, it } from "vitest";
import { approvalAnswer, useBot } from "../support/bot.ts";

const admin = "USO0001";
const bot = useBot({ settings: { admins: [admin] } });

const processes = (secret: string) =>
  fetch(`${bot.apiUrl}/processes`, { headers: { authorization: `Bearer ${secret}` } });

describe("/approval admin token", () => {
  it("makes a token the API takes, lists it, and revokes it", async () => {
    const made = await approvalAnswer(bot, admin, "admin token create erp-prod requests:read");
    const secret = /```(apv_[\w-]+)```/.exec(made)?.[1];
    expect(made).toContain("已新建 API 令牌 `erp-prod`，权限：`requests:read`");
    expect(secret).toBeDefined();
    // Only the admin saw it: ephemeral, never a message in a channel.
    const store = bot.slack.store;
    const everywhere = JSON.stringify(store.channels().map((c) => store.messagesFor(c)));
    expect(everywhere).not.toContain(secret);
    expect((await processes(secret!)).status).toBe(200);

    const list = await approvalAnswer(bot, admin, "admin token list");
    expect(list).toMatch(
      /^API 令牌：\n• `erp-prod`：`requests:read`，\d{4}-\d\d-\d\d \d\d:\d\d 建立，最近使用：\d{4}/,
    );
    expect(list).not.toContain(secret);

    expect(await approvalAnswer(bot, admin, "admin token revoke erp-prod")).toBe(
      "已吊销 API 令牌 `erp-prod`，它立即失效。",
    );
    expect((await processes(secret!)).status).toBe(401);
    expect(await approvalAnswer(bot, admin, "admin token list")).toContain("已于");
  });

  it("refuses a bad scope, a taken name, a non-admin, and says how to use it", async () => {
    await approvalAnswer(bot, admin, "admin token create twice");
    expect(await approvalAnswer(bot, admin, "admin token create twice")).toContain(
      "已有名为 `twice` 的令牌",
    );
    expect(await approvalAnswer(bot, admin, "admin token create bi orders:read")).toContain(
      "没有 `orders:read` 这个权限",
    );
    expect(await approvalAnswer(bot, admin, "admin token")).toMatch(/^用法：/);
    expect(await approvalAnswer(bot, "USR0001", "admin token create mine")).toContain("只有管理员");
    const names = (await bot.world.database.prisma.apiToken.findMany()).map((x) => x.name);
    expect(names).not.toContain("bi");
    expect(names).not.toContain("mine");
  });
});
