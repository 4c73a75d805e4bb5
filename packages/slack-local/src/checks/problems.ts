// What Slack says about a payload it refuses: an error name plus, in response_metadata,
// one line per problem with a JSON pointer into the request, e.g.
//   [ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]
// (the shape Slack's invalid_blocks and invalid_arguments answers carry), so a failing test
// says exactly what was wrong.

export interface Problem {
  /** JSON pointer into the request, e.g. "/blocks/0/text/text" or "/view/title/text". */
  pointer: string;
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];

  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  /** Slack's `response_metadata.messages`. */
  messages(): string[] {
    return this.list.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
  }
}

/** A refusal as the Web API answers it (HTTP 200, ok: false). */
export function refusal(
  error: string,
  problems?: Problems,
): { ok: false; error: string; response_metadata?: { messages: string[] } } {
  return problems && !problems.ok
    ? { ok: false, error, response_metadata: { messages: problems.messages() } }
    : { ok: false, error };
}

/** Characters as Slack counts them in its limits (code points: an emoji is one). */
export function length(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
