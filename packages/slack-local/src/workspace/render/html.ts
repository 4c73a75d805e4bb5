// HTML built with a tagged template that escapes every interpolated value unless it is
// already Html, so text from the bot (or a person) can never become markup by accident.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** Markup that is already safe (rendered by this module or by slack-markdown). */
export function raw(markup: string): Html {
  return new Html(markup);
}

function part(v: Part): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(part).join("");
  if (v === null || v === undefined || v === false || v === true) return "";
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += part(v) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/** ` name="value"` pairs; `true` gives a bare attribute, `false`/undefined leaves it out. */
export function attrs(map: Record<string, string | number | boolean | undefined>): Html {
  return raw(
    Object.entries(map)
      .filter(([, v]) => v !== undefined && v !== false)
      .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
      .join(""),
  );
}
