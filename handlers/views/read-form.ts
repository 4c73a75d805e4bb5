// Slack view state → the raw form values the domain validates.
import type { ViewStateValue } from "@slack/bolt";
import type { ProcessDef } from "../../src/definitions/schema.ts";
import type { RawForm } from "../../src/engine/validate-form.ts";

type State = Record<string, Record<string, ViewStateValue>>;

export function readForm(def: ProcessDef, state: State): RawForm {
  const raw: RawForm = {};
  for (const field of def.fields) {
    const v = state[field.key]?.[field.key];
    if (!v) continue;
    raw[field.key] =
      field.type === "checkbox"
        ? (v.selected_options?.length ?? 0) > 0
        : (v.selected_option?.value ?? v.selected_date ?? v.selected_user ?? v.value ?? undefined);
  }
  return raw;
}

export function readText(state: State, blockId: string): string {
  return state[blockId]?.[blockId]?.value ?? "";
}

export function readUser(state: State, blockId: string): string | undefined {
  return state[blockId]?.[blockId]?.selected_user ?? undefined;
}

/** private_metadata is ours, but a forged or truncated one must not crash the listener. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return {};
  }
}
