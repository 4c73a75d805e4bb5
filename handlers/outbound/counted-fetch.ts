// Every Web API call of a WebClient counted by method and result, for GET /metrics: the
// client's own `fetch` option wraps the one place all its calls pass, whichever client
// (outbound pipeline, digests, profiles, the listeners') makes them.
import type { FetchFunction } from "@slack/web-api";

export interface SlackCallSink {
  slackCall(method: string, result: string): void;
}

export function countedFetch(sink: SlackCallSink, inner: typeof fetch = fetch): FetchFunction {
  return async (url, init) => {
    const method = String(url).split("?")[0]!.split("/").pop() || "unknown";
    let res: Response;
    try {
      res = await inner(url, init as RequestInit);
    } catch (e) {
      sink.slackCall(method, "network_error");
      throw e;
    }
    if (res.status === 429) sink.slackCall(method, "rate_limited");
    else if (res.status !== 200) sink.slackCall(method, `http_${res.status}`);
    // Read from a copy, after the call's own reader: the caller is not kept waiting.
    else
      void res
        .clone()
        .json()
        .then(
          (body: { ok?: boolean; error?: string }) =>
            sink.slackCall(method, body.ok ? "ok" : (body.error ?? "error")),
          () => sink.slackCall(method, "bad_json"),
        );
    return res;
  };
}
