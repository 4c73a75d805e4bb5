// Everything people type is inert in every message, through the real bot: a contract review
// whose form fields, department answers (step inputs), approve / transfer / 加签 / 抄送 comments
// and return / reject reasons carry every mrkdwn control, a bidi override and entities. What
// the local Slack received (the approvers' and CC'd DMs, the requester's tracking message and
// notices, the resubmit form, `/approval status`), rendered as the workspace page renders it,
// shows the typed characters and formats, mentions and links none of them; over-long texts
// are refused on their own field, and nothing is stored.

import { formValues, type SimpleValue, type StoredView } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { ids } from "../../handlers/ids.ts";
import { t } from "../../src/i18n/index.ts";
import {
  actionMessage,
  askApproval,
  clickForModal,
  latestRequestId,
  messagesOf,
  openModal,
  prefilledValues,
  settle,
  useBot,
  waitForStatus,
} from "../support/bot.ts";
import {
  bidiControls,
  mrkdwnObjects,
  mrkdwnTexts,
  readAs,
  showMrkdwn,
} from "../support/shown-text.ts";
import { sampleForm } from "../support/walk.ts";

const bot = useBot();
const db = () => bot.world.database.prisma;

/** Every control at once, marked with where it was typed (`tag`). */
const typed = (tag: string) =>
  [
    `> ${tag} 引用`,
    `*已审批通过* _斜体 ${tag}_ ~删除 ${tag}~ \`代码 ${tag}\` \`\`\`代码块 ${tag}\`\`\``,
    `<!channel> <!here> <!everyone> <@U0EVIL01> <#C0GENERAL> <!subteam^S0EVIL|销售部> <https://evil.example/${tag}|点此确认> https://evil.example/bare/${tag} #general`,
    `\u202E${tag} 反转\u202C &amp; & < >`,
  ].join("\n");
/** The same in a text field of 64 characters. */
const typedShort = "> *已审批通过* `c` <!channel> https://evil.example #general \u202ETYPED";
/** Words only typed text has: none may be inside formatting. */
const typedWords = ["TYPED", "已审批通过", "引用", "evil", "EVIL", "GENERAL", "反转"];
const link = "https://files.example.com/合同_v2.pdf";

const tooLong = (max: number) => "长".repeat(max + 1);
const tooLongError = (max: number) => t("zh-CN", "field.error.too_long", { max });

let id = 0;

/** What must not change when a submission is refused. */
async function stored() {
  const request = await db().request.findUniqueOrThrow({ where: { id } });
  return {
    request: [request.status, request.revision, JSON.stringify(request.form)],
    audit: await db().auditEntry.count({ where: { requestId: id } }),
    assignments: await db().assignment.count({ where: { requestId: id } }),
  };
}

type Values = Record<string, SimpleValue>;

/**
 * Opens a decision modal from the person's message; with `refused`, first submits the values
 * with those over-long ones and expects exactly `errors` and nothing stored; then submits
 * `values` in the same modal, as a person would after shortening them.
 */
async function decide(
  userId: string,
  actionId: string,
  values: Values,
  refused?: { values: Values; errors: Record<string, string> },
) {
  const message = await actionMessage(bot, id, userId, actionId);
  const view = await clickForModal(bot, userId, message, actionId);
  if (refused) {
    const before = await stored();
    const answer = await bot.slack.submitView({
      userId,
      viewId: view.id,
      values: formValues(view, { ...values, ...refused.values }),
    });
    expect(answer.json, `${actionId} by ${userId}`).toEqual({
      response_action: "errors",
      errors: refused.errors,
    });
    expect(await stored(), `${actionId} by ${userId}: nothing stored`).toEqual(before);
  }
  const answer = await bot.slack.submitView({
    userId,
    viewId: view.id,
    values: formValues(view, values),
  });
  expect(answer.json?.response_action, `${actionId} by ${userId}: ${answer.body}`).toBeUndefined();
}

/** A countersigning department's answers (the step's inputs). */
const answers = (tag: string): Values => ({
  "inputs.opinion": { option: "conditional" },
  "inputs.note": typed(tag),
});
const commentTooLong = {
  values: { comment: tooLong(1000) },
  errors: { comment: tooLongError(1000) },
};
const reasonTooLong = { values: { reason: tooLong(1000) }, errors: { reason: tooLongError(1000) } };

let resubmitForm: StoredView | undefined;

describe("typed text in every message", () => {
  it("the form: over-long fields are refused on their field and nothing is filed; then it is filed as typed", async () => {
    const def = bot.services.catalog.get("contract_review")!.def;
    const values = sampleForm(def.fields, {
      review_type: { option: "new" },
      contract_no: typedShort,
      configuration: typed("TYPED-CONFIG"),
      change: typed("TYPED-CHANGE"),
      contract_link: link,
    });
    const view = await openModal(bot, "USR0001", "/approval", "new contract_review");
    const before = await db().request.count();
    const refused = await bot.slack.submitView({
      userId: "USR0001",
      viewId: view.id,
      values: formValues(view, { ...values, contract_no: tooLong(64), change: tooLong(3000) }),
    });
    expect(refused.json).toEqual({
      response_action: "errors",
      errors: { contract_no: tooLongError(64), change: tooLongError(3000) },
    });
    expect(await db().request.count()).toBe(before);

    const filed = await bot.slack.submitView({
      userId: "USR0001",
      viewId: view.id,
      values: formValues(view, values),
    });
    expect(filed.json?.response_action, filed.body).toBeUndefined();
    id = await latestRequestId(bot);
    const form = (await db().request.findUniqueOrThrow({ where: { id } })).form as Record<
      string,
      unknown
    >;
    // Stored exactly as typed, bidi controls included: only what is shown is made inert.
    expect([form.contract_no, form.configuration, form.change]).toEqual([
      typedShort,
      typed("TYPED-CONFIG"),
      typed("TYPED-CHANGE"),
    ]);
  });

  it("the departments: an over-long comment or answer is refused on its field; approve, transfer, 抄送 and 加签 carry every control", async () => {
    await decide(
      "UEN0001",
      ids.action.approve,
      { ...answers("TYPED-ENG"), comment: typed("TYPED-APPROVE") },
      commentTooLong,
    );
    await decide(
      "UPR0001",
      ids.action.transfer,
      { target: { user: "UMA0001" }, comment: typed("TYPED-TRANSFER") },
      commentTooLong,
    );
    // A step's own input keeps its own limit (a textarea's 3,000).
    await decide("UMA0001", ids.action.approve, answers("TYPED-PROD"), {
      values: { "inputs.note": tooLong(3000) },
      errors: { "inputs.note": tooLongError(3000) },
    });
    await decide(
      "UPU0001",
      ids.action.cc,
      { people: { users: ["UFI0001"] }, comment: typed("TYPED-CC") },
      commentTooLong,
    );
    await decide(
      "UPU0001",
      ids.action.addApprover,
      { position: { option: "before" }, target: { user: "UBD0001" }, comment: typed("TYPED-ADD") },
      commentTooLong,
    );
    await decide("UBD0001", ids.action.approve, answers("TYPED-ADDED"));
    await decide("UPU0001", ids.action.approve, answers("TYPED-PURCH"));
    await actionMessage(bot, id, "USO0001");
    const comments = await db().auditEntry.findMany({
      where: { requestId: id, comment: { not: null } },
      orderBy: { id: "asc" },
    });
    expect(comments.map((e) => [e.action, e.comment])).toEqual([
      ["APPROVE", typed("TYPED-APPROVE")],
      ["TRANSFER", typed("TYPED-TRANSFER")],
      ["CC", typed("TYPED-CC")],
      ["ADD_APPROVER", typed("TYPED-ADD")],
    ]);
  }, 120_000);

  it("sales operations: an over-long reason is refused; returned with every control, resubmitted, rejected with every control", async () => {
    await decide("USO0001", ids.action.return, { reason: typed("TYPED-RETURN") }, reasonTooLong);
    await waitForStatus(bot, id, "RETURNED");
    const notice = await actionMessage(bot, id, "USR0001", ids.action.resubmit);
    resubmitForm = await clickForModal(bot, "USR0001", notice, ids.action.resubmit);
    const resubmitted = await bot.slack.submitView({
      userId: "USR0001",
      viewId: resubmitForm.id,
      values: formValues(resubmitForm, prefilledValues(resubmitForm)),
    });
    expect(resubmitted.json?.response_action, resubmitted.body).toBeUndefined();
    await waitForStatus(bot, id, "PENDING");
    await decide("USO0001", ids.action.reject, { reason: typed("TYPED-REJECT") }, reasonTooLong);
    await waitForStatus(bot, id, "REJECTED");
  }, 60_000);

  it("every message shows the typed characters, and no typed formatting, mention, link or bidi control", async () => {
    await settle(bot);
    const status = await askApproval(bot, "USR0001", `status ${id}`);
    const surfaces = [
      ...(await messagesOf(bot, id)).map((m) => ({
        what: `${m.key} → ${m.userId}`,
        text: m.text,
        blocks: m.blocks,
      })),
      { what: "/approval status", text: status.text, blocks: status.blocks },
      { what: "the resubmit form", text: "", blocks: resubmitForm!.blocks },
    ];
    const seen = new Map<string, string>();
    for (const s of surfaces) {
      // Slack parses nothing in them by itself (no bare URL, channel name or mention linked).
      expect(
        mrkdwnObjects(s.blocks).filter((o) => o.verbatim !== true),
        `${s.what}: verbatim`,
      ).toEqual([]);
      const sources = [...(s.text ? [s.text] : []), ...mrkdwnTexts(s.blocks)];
      const shown: string[] = [];
      for (const source of sources) {
        expect(source, s.what).not.toMatch(bidiControls);
        // Slack quotes a line that starts with `&gt;`; slack-markdown would not show it.
        expect(source, s.what).not.toMatch(/^[ \t]*(?:&gt;|>|＞)/m);
        const r = showMrkdwn(source);
        for (const m of r.mentions)
          expect(
            bot.world.directory.person(m.replace(/^@/, "")),
            `${s.what}: mention ${m}`,
          ).toBeDefined();
        for (const l of r.links) expect(l, `${s.what}: link`).toEqual({ href: link, label: link });
        for (const f of r.formatted)
          expect(
            typedWords.filter((w) => readAs(f).includes(w)),
            `${s.what}: formatted "${f}"`,
          ).toEqual([]);
        shown.push(r.text);
      }
      seen.set(s.what, readAs(shown.join("\n")));
    }
    const shows = (what: string | RegExp, ...texts: string[]) => {
      const keys = [...seen.keys()].filter((k) =>
        typeof what === "string" ? k === what : what.test(k),
      );
      expect(keys, String(what)).not.toEqual([]);
      const all = keys.map((k) => seen.get(k)!).join("\n");
      for (const text of texts)
        expect(all, `${String(what)} shows what was typed`).toContain(readAs(text));
    };
    const form = [typedShort, typed("TYPED-CONFIG"), typed("TYPED-CHANGE")];
    const departments = ["TYPED-ENG", "TYPED-PROD", "TYPED-ADDED", "TYPED-PURCH"].map(typed);
    shows(`tracking:${id} → USR0001`, ...form, ...departments);
    // Sales operations (after the answers), the CC'd colleague and the first department (before them).
    shows(/ → USO0001$/, ...form, ...departments);
    shows(/ → UFI0001$/, ...form);
    shows(/ → UEN0001$/, ...form);
    shows(/^notice:/, typed("TYPED-RETURN"), typed("TYPED-REJECT"));
    shows("the resubmit form", typed("TYPED-RETURN"));
    shows(
      "/approval status",
      ...[
        "TYPED-APPROVE",
        "TYPED-TRANSFER",
        "TYPED-CC",
        "TYPED-ADD",
        "TYPED-RETURN",
        "TYPED-REJECT",
      ].map(typed),
    );
  });
});
