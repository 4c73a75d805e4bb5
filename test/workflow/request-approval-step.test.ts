// The Workflow Builder step "request approval" against the real bot: Slack's function_executed
// files a request for the person the workflow names; the step stays running while people
// decide in Slack, and ends with the outcome (functions.completeSuccess) once the request does,
// retried when Slack fails; a request it cannot file ends the step with the reason.

import { formValues } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { actionMessage, clickForModal, eventually, useBot } from "../support/bot.ts";
import { walkToEnd } from "../support/walk.ts";

const bot = useBot({ webhookRetry: { attempts: 8, backoffMs: 200 } });
const db = () => bot.world.database.prisma;

const creditValues = [
  "customer: C1002",
  "proposed_grade: A",
  "调整后信用额度（元）: 350,000.00",
  "reason: 年度评审，回款良好",
].join("\n");

async function runStep(inputs: Record<string, unknown>) {
  const { execution, answer } = await bot.slack.executeFunction({
    callbackId: ids.function.requestApproval,
    inputs,
  });
  expect(answer.status).toBe(200);
  return execution;
}

const filedBy = (executionId: string) =>
  eventually(
    async () =>
      (await db().workflowRun.findUnique({ where: { executionId } }))?.requestId ?? undefined,
    "the request filed by the step",
  );

const ended = (executionId: string) =>
  eventually(
    () => (bot.slack.execution(executionId)?.state !== "running" ? true : undefined),
    "the step completed",
  );

describe("the request_approval step", () => {
  it("files the request, stays running while people decide, and ends with the outcome", async () => {
    const execution = await runStep({
      process: "credit",
      requester: "UAM0001",
      values: creditValues,
    });
    const id = await filedBy(execution.id);
    const request = await db().request.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ source: "WORKFLOW", requesterId: "UAM0001" });
    expect(request.form).toMatchObject({ customer: "C1002", proposed_limit: "350000.00" });
    expect((await actionMessage(bot, id, "URM0001")).text).toBe(`待你审批：客户资信调整 #${id}`);
    expect(bot.slack.execution(execution.id)?.state).toBe("running");

    const acted = await walkToEnd(bot, id);
    await ended(execution.id);
    const done = bot.slack.execution(execution.id)!;
    expect(done.state).toBe("completed");
    expect(done.outputs).toEqual({
      request_id: String(id),
      status: "approved",
      approved: true,
      decided_by: acted.at(-1)!.split(":")[1],
    });
    await eventually(
      async () =>
        (await db().workflowRun.findUnique({ where: { executionId: execution.id } }))?.status ===
          "COMPLETED" || undefined,
      "the run recorded as completed",
    );
    const submitted = await db().auditEntry.findFirstOrThrow({
      where: { requestId: id, action: "SUBMIT" },
    });
    expect(submitted.data).toMatchObject({ source: "workflow", execution: execution.id });
  });

  it("ends with the rejection and its reason, by process name, retried when Slack fails", async () => {
    const execution = await runStep({
      process: "客户资信调整",
      requester: "UAM0001",
      values: creditValues,
    });
    const id = await filedBy(execution.id);
    const message = await actionMessage(bot, id, "URM0001");
    // Slack fails the first two completions: the job tries again.
    bot.slack.failNext("functions.completeSuccess", { status: 500 }, 2);
    const modal = await clickForModal(bot, "URM0001", message, ids.action.reject);
    await bot.slack.submitView({
      userId: "URM0001",
      viewId: modal.id,
      values: formValues(modal, { reason: "逾期未清，暂不上调" }),
    });
    await ended(execution.id);
    expect(bot.slack.execution(execution.id)?.outputs).toEqual({
      request_id: String(id),
      status: "rejected",
      approved: false,
      decided_by: "URM0001",
      comment: "逾期未清，暂不上调",
    });
    const calls = bot.slack.store.calls.filter(
      (c) =>
        c.method === "functions.completeSuccess" && c.args.function_execution_id === execution.id,
    );
    expect(calls.map((c) => c.status)).toEqual([500, 500, 200]);
  });

  it("ends the step at once, saying why, when the request cannot be filed", async () => {
    const before = await db().request.count();
    const cases = [
      [
        { process: "nope", requester: "UAM0001", values: "" },
        /没有「nope」这个流程。可用的流程有：.*客户资信调整 \(credit\)/,
      ],
      [
        { process: "credit", requester: "UAM0001", values: "颜色: 红" },
        /这个流程没有「颜色」这一项/,
      ],
      [{ process: "credit", requester: "UNOBODY", values: creditValues }, /申请人不在组织通讯录中/],
      [
        {
          process: "credit",
          requester: "UAM0001",
          values: creditValues.replace("350,000.00", "35,00.00"),
        },
        /^审批申请未能提交：调整后信用额度（元）: /,
      ],
    ] as const;
    for (const [inputs, message] of cases) {
      const execution = await runStep(inputs);
      await ended(execution.id);
      const e = bot.slack.execution(execution.id)!;
      expect(e.state, JSON.stringify(inputs)).toBe("failed");
      expect(e.error).toMatch(message);
    }
    expect(await db().request.count()).toBe(before);
  });

  it("reports a run whose report was lost, when the schedule is rebuilt", async () => {
    const execution = await runStep({
      process: "credit",
      requester: "UAM0001",
      values: creditValues,
    });
    const id = await filedBy(execution.id);
    // As if the report job vanished with Redis: the run says REPORTING, no job exists.
    await db().workflowRun.update({
      where: { executionId: execution.id },
      data: {
        status: "REPORTING",
        outputs: { request_id: String(id), status: "withdrawn", approved: false },
      },
    });
    expect(bot.slack.execution(execution.id)?.state).toBe("running");
    await bot.background.scheduler.resyncAll();
    await ended(execution.id);
    expect(bot.slack.execution(execution.id)?.outputs).toMatchObject({ status: "withdrawn" });
  });
});
