// The company's own choice of the rule on consecutive tiers (config/settings.yaml `controls`)
// reaches the engine, the path preview and the path ahead: under `dedupe` (Feishu's 自动去重)
// the sales director approving two tiers in a row approves once; a process may still insist.
import { describe, expect, it } from "vitest";
import { processSchema } from "../../src/definitions/schema.ts";
import {
  assignmentsOf,
  auditTrail,
  clickOn,
  eventually,
  fileVia,
  openModal,
  plainText,
  useBot,
  waitForStatus,
} from "../support/bot.ts";

const name = (s: string) => ({ zh: s, en: s });
const twice = (key: string, extra: object = {}) =>
  processSchema.parse({
    key,
    version: 1,
    command: `/${key}`,
    name: name(key),
    fields: [{ key: "amount", type: "money", label: name("Amount") }],
    steps: [
      {
        key: "review",
        kind: "approval",
        who: { role: "sales_director" },
        name: { zh: "总监审核", en: "Director review" },
      },
      {
        key: "approve",
        kind: "approval",
        who: { role: "sales_director" },
        name: { zh: "总监审批", en: "Director approval" },
      },
    ],
    ...extra,
  });

const bot = useBot({
  settings: { controls: { consecutive_tiers: "dedupe" } },
  extra: [twice("t_twice"), twice("t_twice_sep", { controls: { consecutive_tiers: "separate" } })],
});

describe("consecutive_tiers: dedupe as the company's setting", () => {
  it("one approval by the director settles both tiers, and the preview said so", async () => {
    const modal = await openModal(bot, "USR0001", "/t_twice");
    expect(plainText(modal)).toContain("总监审批");
    const { id } = await fileVia(bot, "USR0001", "/t_twice", { amount: "100" });
    await clickOn(bot, id, "USD0001");
    await waitForStatus(bot, id, "APPROVED");
    expect(await auditTrail(bot, id)).toEqual([
      "SUBMIT:USR0001",
      "APPROVE:USD0001",
      "AUTO_APPROVE:USD0001",
      "COMPLETE:system",
    ]);
  });

  it("a process that names separate keeps the manuals' rule: the second tier goes up to the director's manager", async () => {
    const { id } = await fileVia(bot, "USR0001", "/t_twice_sep", { amount: "100" });
    await clickOn(bot, id, "USD0001");
    const after = await eventually(
      async () =>
        (await assignmentsOf(bot, id)).length === 2 ? assignmentsOf(bot, id) : undefined,
      "the second tier assigned",
    );
    expect(after[0]).toBe("review:USD0001:APPROVED");
    expect(after[1]).toMatch(/^approve:U(?!SD0001)[A-Z0-9]+:PENDING$/);
  });
});
