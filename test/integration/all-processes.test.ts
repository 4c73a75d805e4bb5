// Every shipped process, end to end through Slack: filed from its form by the role the
// manuals name, approved along the path the manual gives, every decision recorded, and no
// button left on any message afterwards.

import { formValues, type SimpleValue } from "@approvals/slack-local";
import { describe, expect, it } from "vitest";
import { auditTrail, latestRequestId, openModal, useBot, waitForStatus } from "../support/bot.ts";
import { expectNoButtonsLeft, sampleForm, walkToEnd } from "../support/walk.ts";

const bot = useBot();

interface Case {
  process: string;
  requester: string;
  overrides?: Record<string, SimpleValue>;
  /** "step:person" in the order they act. */
  path: string[];
}

// Sample forms (test/support/walk.ts) take each select's first option and ¥10,000, so the
// conditional tiers (GM above ¥50,000, …) are skipped here; their own tests cover them.
const cases: Case[] = [
  {
    process: "return",
    requester: "USR0001",
    path: [
      "order_check:USA0001",
      "quality_check:UQA0001",
      "director:USD0001",
      "write_down:USA0001",
      "warehouse:UWH0001",
    ],
  },
  {
    process: "credit",
    requester: "USR0001",
    path: ["regional:URM0001", "bu_manager:UBU0001", "finance:UFI0001", "update_record:UCS0001"],
  },
  {
    process: "rebate",
    requester: "UCH0001",
    path: ["sales_ops:USO0001", "finance:UFI0001", "director:USD0001", "issue_credit:UFI0001"],
  },
  {
    process: "expense",
    requester: "USR0001",
    path: ["area_review:UAM0001", "director:USD0001", "pay:UFI0001"],
  },
  {
    process: "new_distributor",
    requester: "UAM0001",
    path: [
      "info_check:UCS0001",
      "credit_analysis:UFI0001",
      "evaluation:UBD0001",
      "director:USD0001",
      "open_file:UCS0001",
    ],
  },
  {
    process: "contract_review",
    requester: "USR0001",
    path: ["countersign:UEN0001", "countersign:UPR0001", "countersign:UPU0001", "confirm:USO0001"],
  },
  {
    process: "shipment",
    requester: "USR0001",
    path: ["dispatch:UCS0001", "terms_check:UVP0001", "ship:USC0001"],
  },
  {
    process: "promotion",
    requester: "UAM0001",
    path: ["first_review:UMP0001", "review:UMM0001", "approval:UGM0001"],
  },
  {
    process: "business_trip",
    requester: "USR0001",
    path: ["manager:UAM0001", "department:URM0001"],
  },
  // A manager's own trip: the marketing VP, then the general manager (requester_is_manager).
  { process: "business_trip", requester: "UAM0001", path: ["vp:UVP0001", "gm:UGM0001"] },
  {
    process: "invoice",
    requester: "USR0001",
    path: ["erp_check:USA0001", "issue:UIV0001", "erp_entry:USA0001"],
  },
  {
    process: "demo_stock",
    requester: "UAM0001",
    path: ["first_review:URM0001", "review:UMM0001", "approval:USD0001", "record:UMA0001"],
  },
];

describe("every shipped process runs end to end through Slack", () => {
  it("covers every process in config/processes", () => {
    expect(
      bot.services.catalog
        .list()
        .map((p) => p.def.key)
        .sort(),
    ).toEqual([...new Set(cases.map((c) => c.process))].sort());
  });

  for (const c of cases) {
    it(`${c.process}: filed by ${c.requester}, approved along its path`, async () => {
      const def = bot.services.catalog.get(c.process)!.def;
      const view = await openModal(bot, c.requester, "/approval", `new ${c.process}`);
      const answer = await bot.slack.submitView({
        userId: c.requester,
        viewId: view.id,
        values: formValues(view, sampleForm(def.fields, c.overrides)),
      });
      expect(answer.json?.response_action, answer.body).toBeUndefined();
      const id = await latestRequestId(bot);
      const acted = await walkToEnd(bot, id);
      expect(acted).toEqual(c.path);
      await waitForStatus(bot, id, "APPROVED");
      const trail = await auditTrail(bot, id);
      expect(trail[0]).toBe(`SUBMIT:${c.requester}`);
      expect(trail.at(-1)).toBe("COMPLETE:system");
      // Every person who acted has their decision on record.
      for (const step of acted)
        expect(
          trail.some((e) => e.endsWith(`:${step.split(":")[1]}`) && /^(APPROVE|DONE):/.test(e)),
        ).toBe(true);
      await expectNoButtonsLeft(bot, id);
    });
  }
});
