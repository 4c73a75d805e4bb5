// JSON in and out over node:http, and errors as RFC 9457 problem details
// (application/problem+json) with a stable `code` for programs and words for people.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProblemCode } from "./problems.ts";

/** An answer: its status, JSON body and extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A refusal, thrown anywhere in a route and answered as problem details. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? code);
  }
}

/** Past this a body is no form an approval needs (the largest is a few KB). */
const maxBodyBytes = 256 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new Problem(415, "unsupported_media_type");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Problem(413, "body_too_large");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new Problem(400, "invalid_json");
  }
}

export function send(res: ServerResponse, reply: Reply, contentType = "application/json"): void {
  const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(body ? { "content-type": `${contentType}; charset=utf-8` } : {}),
    "cache-control": "no-store",
    ...reply.headers,
  });
  res.end(body);
}
