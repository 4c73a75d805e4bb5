// /approval export: access control, and the CSV of requests and every decision as a DM'd file.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import {
  approvalAnswer,
  clickOn,
  eventually,
  fileRequest,
  latestRequestId,
  useBot,
} from "../support/bot.ts";
import { returnFormValues } from "../support/forms.ts";

const bot = useBot({ settings: { admins: ["USO0001"] } });

const today = () => DateTime.now().setZone("Asia/Shanghai").toISODate()!;
// The order number is a spreadsheet formula: the export must defuse it.
const form = returnFormValues({ order_no: "=cmd|' /C calc'!A0", amount: "1,234.50" });

describe("/approval export", () => {
  it("is refused to anyone but the sales director, finance and admins; nothing is sent", async () => {
    expect(await approvalAnswer(bot, "USR0001", `export return ${today()} ${today()}`)).toContain(
      "只有销售总监、财务部和管理员",
    );
    expect(bot.slack.store.calls.filter((c) => c.method.startsWith("files."))).toHaveLength(0);
  });

  it("DMs a CSV with one row per recorded decision, with formulas defused", async () => {
    await fileRequest(bot, "USR0001", "return", form);
    const id = await latestRequestId(bot);
    await clickOn(bot, id, "USA0001", ids.action.approve);
    await eventually(
      async () =>
        (await bot.world.database.prisma.assignment.count({
          where: { requestId: id, assigneeId: "UQA0001", status: "PENDING" },
        })) || undefined,
      "second step",
    );
    expect(await approvalAnswer(bot, "USD0001", `export return ${today()} ${today()}`)).toContain(
      "已发到你的私信",
    );
    const msg = await eventually(
      () => bot.slack.store.dmOf("USD0001").find((m) => (m as { files?: unknown[] }).files?.length),
      "file message",
    );
    expect(msg.text).toContain("1 条申请，2 条处理记录");
    const fileId = (msg as unknown as { files: { id: string }[] }).files[0]!.id;
    const csv = bot.slack.store.file(fileId)!.bytes.toString("utf8");
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("申请编号,流程版本,状态,申请人");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("提交申请");
    expect(lines[2]).toContain("同意");
    expect(lines[2]).toContain("韩梅 (USA0001)");
    expect(csv).toContain("'=cmd|' /C calc'!A0");
    expect(csv).toContain("1234.50");
  });

  it("admins may export; bad dates and unknown processes get a clear answer", async () => {
    expect(await approvalAnswer(bot, "USO0001", "export return 2026-13-01 2026-12-31")).toContain(
      "YYYY-MM-DD",
    );
    expect(await approvalAnswer(bot, "USO0001", "export nope 2026-01-01 2026-12-31")).toContain(
      "nope",
    );
    expect(await approvalAnswer(bot, "UFI0001", "export return")).toContain("/approval export");
  });
});
