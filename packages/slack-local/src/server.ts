import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiEndpoint } from "./api.ts";
import { MAX_UPLOAD_BYTES } from "./file-store.ts";
import { type Execution, Executions, type FunctionSpec } from "./functions.ts";
import { readBody, readBytes, sendJson, sendStoredFile } from "./http-util.ts";
import { InteractionClient, type InteractionResult } from "./interactions.ts";
import { RateLimiter } from "./rate-limits.ts";
import { handleResponseUrl } from "./response-url.ts";
import { Scopes } from "./scopes.ts";
import { LocalSlackStore } from "./store.ts";
import type { Failure, LocalIdentity, LocalUser, RecordedCall } from "./types.ts";

export const DEFAULT_BOT_TOKEN = "xoxb-local";

export const LOCAL_IDENTITY: LocalIdentity = {
  teamId: "T0LOCAL",
  teamDomain: "local",
  botUserId: "UBOT",
  botUserName: "approvals",
  botId: "BBOT",
  appId: "A0LOCAL",
  verificationToken: "local-verification-token",
};

export interface LocalSlackOptions {
  /** 0 / undefined: a random free port. */
  port?: number;
  host?: string;
  /** The bot's POST /slack/events URL; can also be set later with setEventsUrl. */
  eventsUrl?: string;
  /** Used to sign every request sent to the bot. */
  signingSecret: string;
  /** The only token the Web API accepts; default "xoxb-local". */
  botToken?: string;
  /**
   * The bot token's scopes (the manifest's `oauth_config.scopes.bot`): a method needing
   * another answers missing_scope. Default: every scope.
   */
  scopes?: string[];
  /** The app's functions (the manifest's `functions`): Workflow Builder steps it offers. */
  functions?: Record<string, FunctionSpec>;
  /** Users for users.info / users.list; when given, unknown user ids are rejected. `deleted: true`: deactivated. */
  users?: LocalUser[];
  /** How long a trigger_id stays usable: Slack's 3 s, or shorter for a test; longer is refused. */
  triggerTtlMs?: number;
  /**
   * Multiplies every rate-limit budget (rate-limits.ts): Slack's own figures by default (1);
   * e.g. 100 for a load test that must not be slowed by them, 0.05 to reach a limit fast.
   * `Infinity` or 0 turns rate limits off.
   */
  rateScale?: number;
  /** The clock of trigger and response_url expiry and of rate limits (ms since the epoch); default Date.now. */
  now?: () => number;
}

type Interactions = Pick<
  InteractionClient,
  | "slashCommand"
  | "typeCommand"
  | "clickButton"
  | "selectOption"
  | "act"
  | "suggestOptions"
  | "submitView"
  | "closeView"
  | "openHome"
>;

export interface LocalSlack extends Interactions {
  /**
   * A workflow reaches the app's step `callbackId`: Slack starts an execution and sends the
   * bot function_executed. The execution ends when the bot completes it (see `execution`).
   */
  executeFunction(p: {
    callbackId: string;
    inputs: Record<string, unknown>;
  }): Promise<{ execution: Execution; answer: InteractionResult }>;
  execution(id: string): Execution | undefined;
  /** Base for @slack/web-api's `slackApiUrl`, ends in "/api/". */
  apiUrl: string;
  baseUrl: string;
  botToken: string;
  store: LocalSlackStore;
  /** Same emitter as store.events: "call", "message", "message_changed", "ephemeral", "view", "home"… */
  events: LocalSlackStore["events"];
  server: Server;
  setEventsUrl(url: string): void;
  /** Makes the next `times` calls to `method` fail (429 + Retry-After, 5xx, ok:false with an error, or a hang). */
  failNext(method: string, failure: Failure, times?: number): void;
  /** Makes every call to `method` fail until the returned function is called. */
  failWhile(method: string, failure: Failure): () => void;
  /** Resolves with the first recorded call (past or future) matching the predicate. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

export async function startLocalSlack(opts: LocalSlackOptions): Promise<LocalSlack> {
  const host = opts.host ?? "127.0.0.1";
  const botToken = opts.botToken ?? DEFAULT_BOT_TOKEN;
  const now = opts.now ?? Date.now;
  const store = new LocalSlackStore(
    LOCAL_IDENTITY,
    opts.users?.map((u) => ({ ...u })),
    opts.triggerTtlMs,
    now,
  );
  let eventsUrl = opts.eventsUrl;
  // baseUrl is only known once listening; handlers read it through this object.
  const ctx = {
    store,
    baseUrl: "",
    scopes: new Scopes(opts.scopes && new Set(opts.scopes)),
    executions: new Executions(opts.functions),
  };
  const api = new ApiEndpoint(ctx, botToken, new RateLimiter({ rateScale: opts.rateScale, now }));

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: "fatal_error", detail: String(err) });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", ctx.baseUrl);
    if (url.pathname.startsWith("/api/")) return api.handle(req, res, url);
    const response = /^\/response\/([\w-]+)$/.exec(url.pathname);
    if (response && req.method === "POST") {
      const result = handleResponseUrl(
        store,
        response[1] as string,
        parseJsonBody(await readBody(req)),
      );
      return sendJson(res, result.status, result.json);
    }
    const upload = /^\/upload\/(F\w+)$/.exec(url.pathname);
    if (upload && req.method === "POST") return handleUpload(store, upload[1] as string, req, res);
    const download = /^\/files\/(F\w+)(?:\/[^/]*)?$/.exec(url.pathname);
    if (download && req.method === "GET") return handleDownload(store, download[1] as string, res);
    if (url.pathname === "/" && req.method === "GET")
      return sendJson(res, 200, { ok: true, service: "slack-local" });
    sendJson(res, 404, { ok: false, error: "not_found" });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ctx.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const client = new InteractionClient({
    store,
    baseUrl: ctx.baseUrl,
    signingSecret: opts.signingSecret,
    eventsUrl: () => eventsUrl,
  });

  return {
    apiUrl: `${ctx.baseUrl}/api/`,
    baseUrl: ctx.baseUrl,
    botToken,
    store,
    events: store.events,
    server,
    setEventsUrl: (url) => {
      eventsUrl = url;
    },
    failNext: (method, failure, times) => api.failNext(method, failure, times),
    failWhile: (method, failure) => api.failWhile(method, failure),
    waitFor: (predicate, timeoutMs) => waitForCall(store, predicate, timeoutMs),
    slashCommand: (p) => client.slashCommand(p),
    typeCommand: (p) => client.typeCommand(p),
    clickButton: (p) => client.clickButton(p),
    selectOption: (p) => client.selectOption(p),
    act: (p) => client.act(p),
    suggestOptions: (p) => client.suggestOptions(p),
    submitView: (p) => client.submitView(p),
    closeView: (p) => client.closeView(p),
    openHome: (p) => client.openHome(p),
    executeFunction: async ({ callbackId, inputs }) => {
      const execution = ctx.executions.start(callbackId, inputs);
      const spec = ctx.executions.specs?.[callbackId];
      return { execution, answer: await client.functionExecuted(execution, spec) };
    },
    execution: (id) => ctx.executions.get(id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive sockets from fetch would hold close() open
      }),
  };
}

/**
 * The upload URL from files.getUploadURLExternal. Like Slack's it takes the raw
 * bytes or a multipart form with one file part (what @slack/web-api sends),
 * needs no token, and answers "OK - <length>" as text.
 */
async function handleUpload(
  store: LocalSlackStore,
  fileId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let bytes = await readBytes(req, MAX_UPLOAD_BYTES);
  const contentType = req.headers["content-type"] ?? "";
  if (/^multipart\/form-data/i.test(contentType)) {
    try {
      const form = await new Response(Uint8Array.from(bytes), {
        headers: { "content-type": contentType },
      }).formData();
      const part = [...form.values()].find((v): v is File => typeof v !== "string");
      if (!part) return sendText(res, 400, "no file part in form");
      bytes = Buffer.from(await part.arrayBuffer());
    } catch {
      return sendText(res, 400, "invalid multipart body");
    }
  }
  const file = store.uploads.upload(fileId, bytes);
  if (!file) return sendText(res, 404, "upload url not found");
  sendText(res, 200, `OK - ${bytes.length}`);
}

/** url_private of a completed file: the stored bytes (no token needed here). */
function handleDownload(store: LocalSlackStore, fileId: string, res: ServerResponse): void {
  sendStoredFile(store, fileId, res);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}

function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function waitForCall(
  store: LocalSlackStore,
  predicate: (call: RecordedCall) => boolean,
  timeoutMs = 5000,
): Promise<RecordedCall> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      done = true;
      clearTimeout(timer);
      store.events.off("call", onCall);
      fn();
    };
    // A throwing predicate fails the wait instead of crashing the emitter.
    const onCall = (call: RecordedCall) => {
      try {
        if (predicate(call)) finish(() => resolve(call));
      } catch (err) {
        finish(() => reject(err));
      }
    };
    const timer = setTimeout(() => {
      const seen = store.calls.map((c) => c.method).join(", ") || "none";
      finish(() =>
        reject(
          new Error(
            `waitFor: no matching Slack call within ${timeoutMs} ms (calls so far: ${seen})`,
          ),
        ),
      );
    }, timeoutMs);
    store.events.on("call", onCall);
    for (const call of [...store.calls]) {
      if (done) return;
      onCall(call);
    }
  });
}
