// Sample answers the tests and benchmarks file requests with, so a change to a form or the
// calendar is made here once.
import type { SimpleValue } from "@approvals/slack-local";

/** The return form as a person fills it in the modal (selects given as options). Tests override only what they assert on. */
export function returnFormValues(
  overrides: Record<string, SimpleValue> = {},
): Record<string, SimpleValue> {
  return {
    customer: { option: "C1001" },
    order_no: "SO-2026-0001",
    type: { option: "return" },
    items: "A-100 胶辊 × 1",
    amount: "1,000.00",
    reason: "运输破损",
    ...overrides,
  };
}

/** The `i`-th of many sample returns, as the engine receives the form (for filing hundreds without Slack). */
export const bulkReturnForm = (i: number) => ({
  customer: "C1001",
  order_no: `SO-LOAD-${i}`,
  type: "return",
  items: "A-100 胶辊 × 1",
  amount: "1000.00",
  reason: "运输破损",
});

/** Round-the-clock calendar: second-scale SLAs fire on time whenever the tests run. */
export const alwaysWorking = {
  working_hours: { start: "00:00", end: "24:00" },
  weekdays: [1, 2, 3, 4, 5, 6, 7],
};
