// The return form as a person fills it in the modal (selects given as options). Tests
// override only what they assert on, so a change to the form is made here once.
import type { SimpleValue } from "@approvals/slack-local";

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
