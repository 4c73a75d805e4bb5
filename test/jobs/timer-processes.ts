// Test-only processes with second-scale reminder policies.
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";

const name = (s: string) => ({ zh: s, en: s });

export function timerProcess(
  key: string,
  policy: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ProcessDef {
  return processSchema.parse({
    key,
    version: 1,
    name: name(key),
    ...extra,
    fields: [{ key: "amount", type: "money", label: { zh: "金额", en: "Amount" } }],
    steps: [
      {
        key: "review",
        kind: "approval",
        who: { role: "sales_director" },
        name: { zh: "总监审批", en: "Director review" },
        ...policy,
      },
      {
        key: "pay",
        kind: "task",
        who: { role: "warehouse" },
        name: { zh: "执行", en: "Execute" },
        remind_every: "PT1H",
        escalate_after: "P5D",
      },
    ],
  });
}

export const timerProcesses = [
  timerProcess("t_remind", { remind_every: "PT2S", escalate_after: "P5D" }),
  timerProcess("t_escalate", {
    remind_every: "P5D",
    escalate_after: "PT2S",
    on_timeout: "escalate",
    escalate_to: { manager: 1 },
  }),
  timerProcess("t_auto", {
    remind_every: "P5D",
    escalate_after: "PT2S",
    on_timeout: "auto_approve",
  }),
  timerProcess("t_reject", {
    remind_every: "P5D",
    escalate_after: "PT2S",
    on_timeout: "auto_reject",
  }),
  timerProcess("t_slow", { remind_every: "PT1H", escalate_after: "P5D" }),
];
