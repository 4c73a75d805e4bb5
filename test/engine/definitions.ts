// Test-only process definitions, parsed like the shipped YAML ones, for routing the
// shipped processes do not exercise (countersign, manager chains, picked approvers…).
import { type ProcessDef, processSchema } from "../../src/definitions/schema.ts";
import { sameName as name, noteField as note, stepBuilders } from "../support/definitions.ts";

const { approval, task } = stepBuilders();

/** 会签: both finance holders must approve, then the sales director. */
export const countersign = processSchema.parse({
  key: "t_countersign",
  version: 1,
  name: name("countersign"),
  fields: [note],
  steps: [
    approval("both_finance", { role: "finance" }, { mode: "all" }),
    approval("director", { role: "sales_director" }),
  ],
});

/** A condition on a select field, including `in` and `!=`. */
export const selectCondition = processSchema.parse({
  key: "t_select",
  version: 1,
  name: name("select condition"),
  fields: [
    {
      key: "category",
      type: "select",
      label: name("category"),
      options: [
        { value: "goods", label: name("goods") },
        { value: "service", label: name("service") },
        { value: "other", label: name("other") },
      ],
    },
    note,
  ],
  steps: [
    approval("quality", { role: "quality" }, { when: "category == 'goods'" }),
    approval("director", { role: "sales_director" }, { when: "category in ['service', 'other']" }),
    task("archive", { role: "sales_admin" }),
  ],
});

/** Two levels up the requester's manager chain. */
export const managerChain = processSchema.parse({
  key: "t_manager2",
  version: 1,
  name: name("manager chain"),
  fields: [note],
  steps: [approval("skip_level", { manager: 2 })],
});

/** The approver is picked on the form. */
export const pickedApprover = processSchema.parse({
  key: "t_picked",
  version: 1,
  name: name("picked approver"),
  fields: [{ key: "reviewer", type: "user", label: name("reviewer") }, note],
  steps: [
    approval("picked", { field: "reviewer" }),
    approval("director", { role: "sales_director" }),
  ],
});

/** The same people at consecutive steps, and once with a task between them (rule dedupe). */
export const repeatApprover = processSchema.parse({
  key: "t_repeat",
  version: 1,
  name: name("repeat approver"),
  fields: [note],
  // Feishu's 自动去重: the company's rule (separate) is overridden for this process.
  controls: { consecutive_tiers: "dedupe" },
  steps: [
    approval("manager", { manager: 1 }),
    approval("area", { role: "area_manager" }),
    approval("fin_any_1", { role: "finance" }),
    approval("fin_any_2", { role: "finance" }),
    approval("director_1", { role: "sales_director" }),
    task("fin_task", { role: "finance" }),
    approval("director_2", { role: "sales_director" }),
  ],
});

/** Countersign followed by countersign of the same holders: both count once (rule dedupe). */
export const repeatCountersign = processSchema.parse({
  key: "t_repeat_all",
  version: 1,
  name: name("repeat countersign"),
  fields: [note],
  controls: { consecutive_tiers: "dedupe" },
  steps: [
    approval("all_1", { role: "finance" }, { mode: "all" }),
    approval("all_2", { role: "finance" }, { mode: "all" }),
    approval("gm", { role: "general_manager" }),
  ],
});

/** v1 of a process that later gets a different step list. */
export function pinnedV1(): ProcessDef {
  return processSchema.parse({
    key: "t_pinned",
    version: 1,
    name: name("pinned"),
    fields: [note],
    steps: [
      approval("quality", { role: "quality" }),
      approval("director", { role: "sales_director" }),
    ],
  });
}

export function pinnedV2(): ProcessDef {
  return processSchema.parse({
    key: "t_pinned",
    version: 2,
    name: name("pinned"),
    fields: [note],
    steps: [approval("gm_only", { role: "general_manager" })],
  });
}

/** 并行会签: three departments in parallel, each answering with an opinion; finance has two holders (或签 within its branch). */
export const parallelReview = processSchema.parse({
  key: "t_parallel",
  version: 1,
  name: name("parallel review"),
  fields: [note, { key: "amount", type: "money", label: name("amount") }],
  steps: [
    {
      key: "review",
      kind: "approval",
      name: name("review"),
      branches: [
        { key: "engineering", name: name("engineering"), who: { role: "engineering" } },
        { key: "production", name: name("production"), who: { role: "production" } },
        { key: "finance", name: name("finance"), who: { role: "finance" } },
      ],
      inputs: [
        {
          key: "opinion",
          type: "select",
          label: name("opinion"),
          options: [
            { value: "can", label: name("can") },
            { value: "conditional", label: name("conditional") },
          ],
        },
        {
          key: "lead_days",
          type: "number",
          integer: true,
          min: 1,
          required: false,
          label: name("lead days"),
        },
      ],
    },
    approval("confirm", { role: "sales_ops_manager" }),
  ],
});

/** 或签 at finance (two holders) that may lower the amount, then the director. */
export const amendDown = processSchema.parse({
  key: "t_amend",
  version: 1,
  name: name("amend"),
  fields: [
    note,
    { key: "amount", type: "money", label: name("amount") },
    { key: "memo", type: "text", required: false, label: name("memo") },
  ],
  steps: [
    approval(
      "finance",
      { role: "finance" },
      { amend: [{ field: "amount", direction: "down" }, { field: "memo" }] },
    ),
    approval("director", { role: "sales_director" }),
    approval("gm", { role: "general_manager" }, { when: "amount > 50000" }),
  ],
});

export const extraDefinitions: ProcessDef[] = [
  parallelReview,
  amendDown,
  countersign,
  selectCondition,
  managerChain,
  pickedApprover,
  repeatApprover,
  repeatCountersign,
  pinnedV1(),
];
