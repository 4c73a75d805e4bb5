// A tiny stand-in for the bot's /slack/events endpoint. It verifies Slack's
// request signature independently of src/slack-local (its own HMAC and
// timingSafeEqual), records what it received and answers via a settable responder.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "node:querystring";

export interface StubRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  signatureValid: boolean;
  /** Form fields, or the decoded `payload` JSON, or the JSON body. */
  body: StubBody;
}

/**
 * What the bot was sent: a slash command's form fields, an interaction payload or an Events
 * API body. Which fields are there depends on the kind; the ones the tests read are named.
 */
export interface StubBody {
  /** The interaction's type ("block_actions"…) or "event_callback"; none for a command. */
  type?: string;
  command?: string;
  user_id?: string;
  trigger_id?: string;
  response_url?: string;
  /** block_suggestion: what was typed. */
  value?: string;
  /** block_actions: the one action taken. */
  actions?: [StubAction, ...StubAction[]];
  view?: StubView;
  event?: { type: string; view?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

/** An entry of a block_actions payload's `actions`. */
export interface StubAction {
  type: string;
  action_id: string;
  block_id: string;
  value?: string;
  [key: string]: unknown;
}

/** The view of an interaction payload, with its state: block_id → action_id → value. */
export interface StubView {
  id: string;
  hash: string;
  state: { values: Record<string, Record<string, StubStateValue>> };
  [key: string]: unknown;
}

export interface StubStateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export type Responder = (req: StubRequest) => { status?: number; body?: unknown } | undefined;

export async function startBotStub(signingSecret: string) {
  const requests: StubRequest[] = [];
  let responder: Responder = () => undefined;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const stubReq: StubRequest = {
      headers: req.headers,
      rawBody,
      signatureValid: verify(signingSecret, req.headers, rawBody),
      body: decode(req.headers["content-type"], rawBody),
    };
    requests.push(stubReq);
    if (!stubReq.signatureValid) {
      res.writeHead(401).end();
      return;
    }
    const answer = responder(stubReq) ?? {};
    if (answer.body === undefined) {
      res.writeHead(answer.status ?? 200).end();
    } else {
      res
        .writeHead(answer.status ?? 200, { "content-type": "application/json" })
        .end(JSON.stringify(answer.body));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    requests,
    respond(fn: Responder) {
      responder = fn;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const ts = headers["x-slack-request-timestamp"];
  const sig = headers["x-slack-signature"];
  if (typeof ts !== "string" || typeof sig !== "string") return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = Buffer.from(
    `v0=${createHmac("sha256", secret).update(`v0:${ts}:${rawBody}`).digest("hex")}`,
  );
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function decode(contentType: string | undefined, raw: string): StubBody {
  if (contentType === "application/json") return JSON.parse(raw);
  const form = parse(raw) as Record<string, string>;
  return typeof form.payload === "string" ? JSON.parse(form.payload) : form;
}
