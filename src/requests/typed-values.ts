// Values typed as text outside a form (`/approval path`, a Workflow Builder step): a field
// named by key or label, and a select, person or checkbox as the form would hold it.
import type { FieldDef, ProcessDef } from "../definitions/schema.ts";

export function fieldNamed(def: Pick<ProcessDef, "fields">, name: string): FieldDef | undefined {
  const n = name.trim();
  return def.fields.find(
    (f) =>
      f.key.toLowerCase() === n.toLowerCase() ||
      f.label.zh === n ||
      f.label.en.toLowerCase() === n.toLowerCase(),
  );
}

/** What a person types for a select, a person or a checkbox, as the form would hold it. */
export function typedValue(field: FieldDef, value: string): string | boolean {
  switch (field.type) {
    case "select": {
      const v = value.toLowerCase();
      return (
        field.options.find(
          (o) =>
            o.value.toLowerCase() === v || o.label.zh === value || o.label.en.toLowerCase() === v,
        )?.value ?? value
      );
    }
    case "user":
      // <@U123|name> (Slack's escaped mention), @U123 or U123
      return value.replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, "$1").replace(/^@/, "");
    case "checkbox":
      return /^(true|yes|y|1|是|✔)$/i.test(value);
    default:
      return value;
  }
}
