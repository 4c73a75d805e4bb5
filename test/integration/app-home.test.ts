// The App Home tab: published when opened, with what waits on the person (the DM's own
// buttons, which work from there), their requests, and a button per process to file one;
// re-published for everyone on a request whenever it changes.

import { type Block, formValues, type StoredView } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  actionMessage,
  assignmentsOf,
  clickAssignment,
  eventually,
  itAnsweredInTime,
  latestRequestId,
  messagesOf,
  nextEphemeral,
  openBefore,
  openedModal,
  plainText,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot();

const db = () => bot.world.database.prisma;

const returnForm = returnFormValues({ order_no: "SO-H-1", reason: "试用不满意" });

/** The Home says since when, not for how long: the same lists give the same view (published only when it changes). */
const since = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`;
const when = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`;

/**
 * The person opens the Home tab; returns what it shows once the bot is done: published in
 * answer when it was never shown, else as kept up to date since (the same content is not sent again).
 */
async function openHome(userId: string): Promise<StoredView> {
  const res = await bot.slack.openHome({ userId });
  expect(res.status).toBe(200);
  await settle(bot);
  return eventually(() => bot.slack.store.home(userId), `the home of ${userId}`);
}

/** Waits until the person's Home (published without their opening it) satisfies `check`. */
async function homeWhere(
  userId: string,
  check: (text: string) => boolean,
  what: string,
): Promise<StoredView> {
  return eventually(() => {
    const home = bot.slack.store.home(userId);
    return home && check(plainText(home)) ? home : undefined;
  }, what);
}

const actionBlocks = (m: { blocks?: Block[] }) =>
  (m.blocks ?? []).filter((b) => b.type === "actions");
/** The "file a request" buttons: "action_id=value" in order. */
const fileButtons = (home: StoredView) =>
  home.blocks.flatMap((b) => {
    const acc = b.accessory as { action_id?: string; value?: string } | undefined;
    return acc?.action_id ? [`${acc.action_id}=${acc.value}`] : [];
  });

describe("App Home", () => {
  let id: number;
  let assignment: number;
  /** The sales admin's approve button on their assignment, as their Home shows it (or showed it). */
  const approveOnHome = () =>
    clickAssignment(
      bot,
      "USA0001",
      { viewId: bot.slack.store.home("USA0001")!.id },
      ids.action.approve,
      assignment,
    );

  it("shows an approver what waits on them, and a requester where their request stands", async () => {
    const filed = await openHome("USR0001");
    const modal = await clickHomeNew("USR0001", filed, "return");
    const answer = await bot.slack.submitView({
      userId: "USR0001",
      viewId: modal.id,
      values: formValues(modal, returnForm),
    });
    expect(answer.status).toBe(200);
    id = await latestRequestId(bot);
    await actionMessage(bot, id, "USA0001");
    assignment = (
      await db().assignment.findFirstOrThrow({ where: { requestId: id, assigneeId: "USA0001" } })
    ).id;

    const home = await openHome("USA0001");
    expect(home.type).toBe("home");
    const processes = bot.services.catalog.list();
    const approver = [
      "审批助手",
      "\\*待我处理（1）\\*",
      `\\*退货/换货申请 #${id}\\* · 销售内勤核对订单\n审批 · 申请人 <@USR0001> · ${since} 起等你处理`,
      "\\*我的申请（最近）\\*",
      "你还没有提交过申请。",
      "\\*发起申请\\*",
      ...processes.map((p) => `\\*${p.def.name.zh}\\*\n${p.def.description!.zh}`),
    ];
    expect(plainText(home)).toMatch(
      new RegExp(`^${approver.join("\n").replace(/[()]/g, "\\$&")}$`),
    );
    // The DM's own buttons, value = the assignment id.
    expect(actionBlocks(home)).toEqual(actionBlocks(await actionMessage(bot, id, "USA0001")));
    expect(actionBlocks(home)[0]!.block_id).toBe(`assignment:${assignment}`);
    expect(fileButtons(home)).toEqual(processes.map((p) => `home.new=${p.def.key}`));

    const requester = await openHome("USR0001");
    const lines = [
      "审批助手",
      "\\*待我处理（0）\\*",
      "没有等待你处理的审批或待办。",
      "\\*我的申请（最近）\\*",
      `\\*退货/换货申请 #${id}\\* · 审批中\n销售内勤核对订单 — 等待 <@USA0001> 处理（${since} 起）`,
      "\\*发起申请\\*",
    ];
    expect(plainText(requester)).toMatch(new RegExp(`^${lines.join("\n")}\n`));
    expect(actionBlocks(requester)).toEqual([]);
  });

  it("approving from the Home works as from the DM; the Homes being looked at follow, the next one's is current when opened", async () => {
    const res = await approveOnHome();
    expect(res.status).toBe(200);
    await actionMessage(bot, id, "UQA0001");
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:PENDING",
    ]);
    // The approver's DM is updated exactly as when approving there.
    await eventually(
      async () =>
        (await messagesOf(bot, id)).find(
          (m) => m.key === `assignment:${assignment}` && /你已同意 · /.test(plainText(m)),
        ),
      "the approver's DM to show the decision",
    );

    const approver = await homeWhere(
      "USA0001",
      (t) => t.includes("*待我处理（0）*"),
      "the approver's Home without the item",
    );
    expect(plainText(approver)).not.toContain(`#${id}`);
    expect(actionBlocks(approver)).toEqual([]);
    // The requester looked at theirs lately: it follows the request live. The next approver has
    // not opened theirs (nothing was published for them): it is up to date when they do.
    expect(bot.slack.store.home("UQA0001")).toBeUndefined();
    const next = await openHome("UQA0001");
    expect(plainText(next)).toMatch(
      new RegExp(
        `\\*待我处理（1）\\*\n\\*退货/换货申请 #${id}\\* · 质量部复验\n审批 · 申请人 <@USR0001> · ${since} 起等你处理\n`,
      ),
    );
    await homeWhere(
      "USR0001",
      (t) => t.includes("质量部复验 — 等待 <@UQA0001> 处理"),
      "the requester's Home to move on",
    );
  });

  it("a Home button that is no longer valid is answered in the app's DM, ephemerally", async () => {
    const seen = bot.slack.store.ephemeralsFor("USA0001").length;
    // The button as an older copy of the Home still shows it.
    const res = await approveOnHome();
    expect(res.status).toBe(200);
    const answer = await nextEphemeral(bot, "USA0001", seen);
    expect([answer.text, answer.channel, answer.source]).toEqual([
      "这一步已经处理过了（已同意），无需再操作。",
      "DUSA0001",
      "api",
    ]);
    expect(await assignmentsOf(bot, id)).toEqual([
      "order_check:USA0001:APPROVED",
      "quality_check:UQA0001:PENDING",
    ]);
  });

  it("rejecting from the Home opens the reason modal; the requester's Home shows the outcome", async () => {
    const home = bot.slack.store.home("UQA0001")!;
    const mine = (
      await db().assignment.findFirstOrThrow({ where: { requestId: id, assigneeId: "UQA0001" } })
    ).id;
    const before = openBefore(bot, "UQA0001");
    await clickAssignment(bot, "UQA0001", { viewId: home.id }, ids.action.reject, mine);
    const modal = await openedModal(bot, "UQA0001", before, "the reject modal");
    expect(modal.callback_id).toBe(ids.view.reject);
    await bot.slack.submitView({
      userId: "UQA0001",
      viewId: modal.id,
      values: formValues(modal, { reason: "复验不合格" }),
    });
    await waitForStatus(bot, id, "REJECTED");
    const requester = await homeWhere(
      "USR0001",
      (t) => t.includes(`#${id}* · 已驳回`),
      "the requester's Home to show the rejection",
    );
    expect(plainText(requester)).toMatch(
      new RegExp(`\\*退货/换货申请 #${id}\\* · 已驳回 · ${when}\n`),
    );
    await homeWhere(
      "UQA0001",
      (t) => t.includes("*待我处理（0）*"),
      "the approver's Home to empty",
    );
  });

  it("files a request from the Home's button: the process's own form opens", async () => {
    const home = await openHome("USR0004");
    expect(plainText(home)).toMatch(
      /^Approvals\n\*Waiting on me \(0\)\*\nNothing is waiting on you\.\n\*My requests \(recent\)\*\nYou have not filed any requests yet\.\n\*File a request\*\n/,
    );
    expect(plainText(home)).not.toMatch(/[\u4e00-\u9fff]/);
    const modal = await clickHomeNew("USR0004", home, "credit");
    expect(modal.callback_id).toBe("request:credit");
    expect(modal.title).toMatchObject({ text: "Customer credit change" });
    // An unknown process (a Home published before the configuration changed) is explained, not opened.
    const seen = bot.slack.store.ephemeralsFor("USR0004").length;
    const views = bot.slack.store.openViewsOf("USR0004").length;
    await bot.slack.clickButton({
      userId: "USR0004",
      viewId: home.id,
      actionId: ids.action.homeNew,
      value: "gone",
      blockId: "home.new:gone",
    });
    expect((await nextEphemeral(bot, "USR0004", seen)).text).toMatch(
      /^There is no process "gone"\. Available: /,
    );
    expect(bot.slack.store.openViewsOf("USR0004")).toHaveLength(views);
  });

  itAnsweredInTime(bot);
});

/** Clicks the Home's "file" button of a process and returns the modal it opens. */
async function clickHomeNew(
  userId: string,
  home: StoredView,
  processKey: string,
): Promise<StoredView> {
  const before = openBefore(bot, userId);
  const res = await bot.slack.clickButton({
    userId,
    viewId: home.id,
    actionId: ids.action.homeNew,
    value: processKey,
    blockId: `home.new:${processKey}`,
  });
  expect(res.status).toBe(200);
  return openedModal(bot, userId, before, `the ${processKey} form`);
}
