// The Workflow Builder step "request approval" (function_executed): files the request for the
// person the workflow names, checked as the Slack form checks it, and leaves the step running
// until the request ends (a job then completes it with the outcome). A request it cannot file
// fails the step at once, saying why in the workflow author's words.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Locale } from "../../src/i18n/index.ts";
import { pick, t } from "../../src/i18n/index.ts";
import { readStepInputs, type StepProblem } from "../../src/workflow/step-inputs.ts";
import type { HandlerDeps } from "../context.ts";
import { errorText, fieldErrorText } from "../errors.ts";

type StepArgs = SlackEventMiddlewareArgs<"function_executed"> & AllMiddlewareArgs;

export function requestApprovalStep(deps: HandlerDeps) {
  return async ({ event }: StepArgs) => {
    const inputs = event.inputs as Record<string, unknown>;
    const { services } = deps;
    const executionId = event.function_execution_id;
    // Slack may send the event again: the first one files, the others do nothing.
    if (!(await services.workflowRuns.begin(executionId, inputs, services.clock()))) return;
    const locale = services.directory.defaultLocale;
    const read = readStepInputs(inputs, services.catalog, (id) => !!services.directory.person(id));
    let error: string | undefined;
    if (!read.ok) error = problemText(read.problem, locale, deps);
    else {
      const filed = await services.engine.submit(read.processKey, read.requesterId, read.raw, {
        origin: { source: "WORKFLOW", executionId },
      });
      if (!filed.ok)
        error =
          filed.error.type === "invalid_form"
            ? Object.entries(filed.error.errors)
                .map(
                  ([key, e]) =>
                    `${fieldLabel(deps, read.processKey, key, locale)}: ${fieldErrorText(e, locale)}`,
                )
                .join("; ")
            : errorText(filed.error, locale, services.directory);
    }
    if (error === undefined) return;
    await services.workflowRuns.refuse(executionId, t(locale, "workflow.failed", { error }));
    await deps.workflowSteps.report(executionId);
  };
}

function fieldLabel(deps: HandlerDeps, processKey: string, key: string, locale: Locale): string {
  const field = deps.services.catalog.get(processKey)?.def.fields.find((f) => f.key === key);
  return field ? pick(locale, field.label) : key;
}

function problemText(p: StepProblem, locale: Locale, deps: HandlerDeps): string {
  const processes = deps.services.catalog
    .list()
    .map((x) => `${pick(locale, x.def.name)} (${x.def.key})`)
    .join(t(locale, "preview.list_separator"));
  switch (p.type) {
    case "unknown_process":
      return t(locale, "workflow.unknown_process", { key: p.key, list: processes });
    case "unknown_requester":
      return t(locale, "workflow.unknown_requester");
    case "bad_line":
      return t(locale, "workflow.bad_line", { line: p.line });
    case "unknown_field": {
      const def = deps.services.catalog.get(p.process)!.def;
      const fields = def.fields
        .map((f) => `${pick(locale, f.label)} (${f.key})`)
        .join(t(locale, "preview.list_separator"));
      return t(locale, "workflow.unknown_field", { field: p.name, fields });
    }
  }
}
