import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { StoredFile } from "./types.ts";

const MAX_BODY = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req, MAX_BODY)).toString("utf8");
}

export async function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Form fields that carry JSON. @slack/web-api form-encodes every argument and
 * JSON-stringifies objects, so these arrive as strings. Only known keys are
 * decoded: a `text` that happens to start with "[" must stay text.
 */
const JSON_FIELDS = new Set(["blocks", "attachments", "metadata", "view", "options", "files"]);

/** Parses a Web API request body (form or JSON) plus query string into call arguments. */
export function parseApiArgs(
  contentType: string | undefined,
  raw: string,
  query: URLSearchParams,
): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (raw.trim() === "") return args;
  if (type === "application/json") {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object") Object.assign(args, parsed);
    return args;
  }
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const v = Array.isArray(value) ? value[value.length - 1] : value;
    if (v === undefined) continue;
    args[key] = JSON_FIELDS.has(key) ? tryJson(v) : v;
  }
  return args;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Form values are strings, JSON bodies real booleans; accept both. */
export function truthy(v: unknown): boolean {
  return v === true || v === "true" || v === "1" || v === 1;
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m?.[1]?.trim();
}

/**
 * A completed file's bytes (404 file_not_found before its upload completed). `headers`: more
 * response headers, e.g. a content-disposition for the workspace page's download.
 */
export function sendStoredFile(
  store: { file(id: string): StoredFile | undefined },
  fileId: string,
  res: ServerResponse,
  headers: Record<string, string> = {},
): void {
  const file = store.file(fileId);
  if (!file?.completed) {
    sendJson(res, 404, { ok: false, error: "file_not_found" });
    return;
  }
  res.writeHead(200, {
    "content-type": file.mimetype,
    "content-length": String(file.bytes.length),
    ...headers,
  });
  res.end(file.bytes);
}
