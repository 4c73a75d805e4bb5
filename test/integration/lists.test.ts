// `/approval list` (what waits on me) and `/approval mine [open|done|all]` (my requests),
// answered ephemerally; the list's buttons are the assignment's own and work from there.

import type { Block } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  askApproval,
  assignmentsOf,
  clickAssignment,
  clickOn,
  decideInModal,
  fileRequest,
  itAnsweredInTime,
  latestRequestId,
  plainText,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const returnForm = (orderNo: string) =>
  returnFormValues({ order_no: orderNo, reason: "试用不满意" });

const when = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`;
/** formatWaited's text, e.g. "3秒" / "1分钟 3秒" / "2 seconds". */
const waited = String.raw`[^\n]*\d[^\n]*`;

const ask = (userId: string, text: string) => askApproval(bot, userId, text);

const actionBlocks = (m: { blocks?: Block[] }) =>
  (m.blocks ?? []).filter((b) => b.type === "actions");
/** "action_id=value" for every button of every actions block. */
const buttons = (m: { blocks?: Block[] }) =>
  actionBlocks(m).map((b) =>
    (b.elements as { action_id: string; value: string }[]).map((e) => `${e.action_id}=${e.value}`),
  );
const pendingOf = async (requestId: number, assigneeId: string) =>
  (await db().assignment.findFirstOrThrow({ where: { requestId, assigneeId, status: "PENDING" } }))
    .id;

describe("/approval list and /approval mine", () => {
  let a: number; // 郑伟's, moved on to 韩梅's write-down task
  let b: number; // 冯丽's, waiting on 韩梅
  let c: number; // Emma's (English), waiting on 韩梅

  it("lists what waits on me, oldest first, with how long and the same buttons as the DM", async () => {
    await fileRequest(bot, "USR0001", "return", returnForm("SO-L-1"));
    a = await latestRequestId(bot);
    await fileRequest(bot, "USR0002", "return", returnForm("SO-L-2"));
    b = await latestRequestId(bot);
    await fileRequest(bot, "USR0004", "return", { ...returnForm("SO-L-3"), reason: "Wrong size" });
    c = await latestRequestId(bot);
    for (const who of ["USA0001", "UQA0001", "USD0001"]) await clickOn(bot, a, who);
    await actionMessage(bot, a, "USA0001", ids.action.taskDone);

    const answer = await ask("USA0001", "list");
    expect(answer.source).toBe("response_url");
    expect(answer.text).toBe("待你处理（3）");
    const lines = [
      "\\*待你处理（3）\\*",
      `\\*退货/换货申请 #${b}\\* · 销售内勤核对订单\n审批 · 申请人 <@USR0002> · 已等待 ${waited}`,
      `\\*退货/换货申请 #${c}\\* · 销售内勤核对订单\n审批 · 申请人 <@USR0004> · 已等待 ${waited}`,
      `\\*退货/换货申请 #${a}\\* · 销售部系统减帐\n待办 · 申请人 <@USR0001> · 已等待 ${waited}`,
    ];
    expect(plainText(answer)).toMatch(new RegExp(`^${lines.join("\n")}$`));
    const [ab, ac, aa] = [
      await pendingOf(b, "USA0001"),
      await pendingOf(c, "USA0001"),
      await pendingOf(a, "USA0001"),
    ];
    const decide = (id: number) =>
      [
        "approval.approve",
        "approval.reject",
        "approval.return",
        "approval.transfer",
        "approval.add_approver",
        "approval.cc",
      ].map((x) => `${x}=${id}`);
    expect(buttons(answer)).toEqual([decide(ab), decide(ac), [`task.done=${aa}`]]);
    // Not a look-alike: the very blocks of the assignment's DM (confirmation dialog included).
    expect(actionBlocks(answer)[0]).toEqual(
      actionBlocks(await actionMessage(bot, b, "USA0001"))[0],
    );
    expect(actionBlocks(answer)[2]).toEqual(
      actionBlocks(await actionMessage(bot, a, "USA0001", ids.action.taskDone))[0],
    );
  });

  it("approving from the list works like from the DM", async () => {
    const answer = await ask("USA0001", "list");
    const assignment = await pendingOf(c, "USA0001");
    const res = await clickAssignment(bot, "USA0001", answer, ids.action.approve, assignment);
    expect(res.status).toBe(200);
    await actionMessage(bot, c, "UQA0001");
    expect(await assignmentsOf(bot, c)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:PENDING",
    ]);
    expect(plainText(await ask("USA0001", "list"))).not.toContain(`#${c}*`);
  });

  it("mine shows my requests, newest first, filtered open (default), done or all", async () => {
    await fileRequest(bot, "USR0001", "return", returnForm("SO-L-4"));
    const d = await latestRequestId(bot);
    await ask("USR0001", `withdraw ${d}`);
    await waitForStatus(bot, d, "WITHDRAWN");
    await fileRequest(bot, "USR0001", "return", returnForm("SO-L-5"));
    const e = await latestRequestId(bot);
    await decideInModal(bot, e, "USA0001", ids.action.return, { reason: "请附上发票" });
    await waitForStatus(bot, e, "RETURNED");

    const returned = `\\*退货/换货申请 #${e}\\* · 已退回，待修改\n销售内勤核对订单 — 等你修改后重新提交`;
    const pending = `\\*退货/换货申请 #${a}\\* · 审批中\n销售部系统减帐 — 等待 <@USA0001> 处理，已等待 ${waited}`;
    const withdrawn = `\\*退货/换货申请 #${d}\\* · 已撤回 · ${when}`;
    const open = await ask("USR0001", "mine");
    expect(open.text).toBe("我的申请 · 进行中（2）");
    expect(plainText(open)).toMatch(
      new RegExp(`^\\*我的申请 · 进行中（2）\\*\n${returned}\n${pending}$`),
    );
    expect(plainText(await ask("USR0001", "mine open"))).toBe(plainText(open));
    expect(plainText(await ask("USR0001", "mine done"))).toMatch(
      new RegExp(`^\\*我的申请 · 已结束（1）\\*\n${withdrawn}$`),
    );
    expect(plainText(await ask("USR0001", "mine all"))).toMatch(
      new RegExp(`^\\*我的申请 · 全部（3）\\*\n${returned}\n${withdrawn}\n${pending}$`),
    );
    // Someone else's requests never show; nobody's buttons are offered here.
    expect(plainText(await ask("USR0003", "mine all"))).toBe(
      "*我的申请 · 全部（0）*\n你还没有提交过申请。",
    );
    expect(buttons(await ask("USR0001", "mine all"))).toEqual([]);

    const usage = await bot.slack.slashCommand({
      userId: "USR0001",
      command: "/approval",
      text: "mine closed",
    });
    expect(usage.json).toEqual({
      response_type: "ephemeral",
      text: "用法：`/approval mine [open|done|all]`，默认 open（进行中）",
    });
  });

  it("answers an English-speaking person in English", async () => {
    const mine = await ask("USR0004", "mine");
    expect(mine.text).toBe("My requests · open (1)");
    expect(plainText(mine)).toMatch(
      new RegExp(
        `^\\*My requests · open \\(1\\)\\*\n\\*Return / exchange #${c}\\* · In review\nQuality re-inspection — waiting for <@UQA0001> for ${waited}$`,
      ),
    );
    expect(plainText(mine)).not.toMatch(/[\u4e00-\u9fff]/);
    const list = await ask("USR0004", "list");
    expect(plainText(list)).toBe("*Waiting on you (0)*\nNothing is waiting on you.");
    const help = await bot.slack.slashCommand({
      userId: "USR0004",
      command: "/approval",
      text: "help",
    });
    expect(String(help.json?.text)).toContain(
      "• `/approval list` what waits on you\n• `/approval mine [open|done|all]` your requests (open, finished or all)\n",
    );
  });

  it("shows the 20 oldest and says how many more", async () => {
    const before = [await pendingOf(b, "USA0001"), await pendingOf(a, "USA0001")];
    for (let i = 0; i < 22; i++) {
      const res = await bot.services.engine.submit("return", "USR0002", {
        customer: "C1001",
        order_no: `SO-BULK-${i}`,
        type: "return",
        items: "A-100",
        amount: "100",
        reason: "bulk",
      });
      expect(res.ok).toBe(true);
    }
    const bulk = await db().assignment.findMany({
      where: { assigneeId: "USA0001", request: { form: { path: ["reason"], equals: "bulk" } } },
      orderBy: { id: "asc" },
    });
    expect(bulk).toHaveLength(22);
    const expected = [...before, ...bulk.map((x) => x.id)].slice(0, 20);
    const answer = await ask("USA0001", "list");
    expect(answer.text).toBe("待你处理（24）");
    expect(buttons(answer).map((row) => Number(row[0]!.split("=")[1]))).toEqual(expected);
    expect(answer.blocks!.at(-1)).toMatchObject({
      type: "context",
      elements: [{ text: "还有 4 条未显示，先处理上面较早的。" }],
    });
    expect(answer.blocks!.length).toBeLessThanOrEqual(50);
  });

  itAnsweredInTime(bot);
});
