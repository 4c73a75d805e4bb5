// Sits between a worker process and the local Slack. Once a kind of post has gone through
// `quota` times, further ones are held (never answered, never delivered): as if the network
// to Slack stalled. Killing the worker then leaves its jobs claimed but not sent.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackProxy {
  /** Base URL for the worker's SLACK_API_URL. */
  apiUrl: string;
  /** Posts held so far, by kind. */
  held: Map<string, number>;
  /** Stops holding; the posts held so far are dropped (their connection reset), never delivered. */
  release(): void;
  close(): Promise<void>;
}

/** `kindOf` names a chat.postMessage from its form fields; other Web API calls always pass. */
export async function startSlackProxy(
  target: string,
  kindOf: (fields: URLSearchParams) => string,
  quota: Record<string, number>,
): Promise<SlackProxy> {
  const passed = new Map<string, number>();
  const held = new Map<string, number>();
  let holding = true;
  const waiting: { res: ServerResponse }[] = [];

  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const h of ["content-type", "authorization"])
      if (typeof req.headers[h] === "string") headers[h] = req.headers[h];
    const answer = await fetch(new URL(req.url!.replace(/^\/api\//, ""), target), {
      method: req.method,
      headers,
      body: req.method === "GET" ? undefined : new Uint8Array(body),
    });
    const out: Record<string, string> = {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    };
    const retryAfter = answer.headers.get("retry-after");
    if (retryAfter) out["retry-after"] = retryAfter;
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith("/chat.postMessage")) {
        const kind = kindOf(new URLSearchParams(body.toString()));
        if (holding && (passed.get(kind) ?? 0) >= (quota[kind] ?? Infinity)) {
          held.set(kind, (held.get(kind) ?? 0) + 1);
          waiting.push({ res });
          return;
        }
        passed.set(kind, (passed.get(kind) ?? 0) + 1);
      }
      forward(req, res, body).catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    held,
    release: () => {
      holding = false;
      for (const w of waiting.splice(0)) w.res.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
