import type { Executions } from "./functions.ts";
import type { Scopes } from "./scopes.ts";
import type { LocalSlackStore } from "./store.ts";

/** What a Web API method handler sees besides its arguments. */
export interface ApiContext {
  store: LocalSlackStore;
  /** The bot token's scopes. */
  scopes: Scopes;
  /** Workflow Builder step executions. */
  executions: Executions;
  /** e.g. "http://127.0.0.1:4567" (no trailing slash). */
  baseUrl: string;
}

export type ApiResponse = Record<string, unknown> & { ok: boolean };
export type ApiHandler = (args: Record<string, unknown>, ctx: ApiContext) => ApiResponse;

export function fail(error: string): ApiResponse {
  return { ok: false, error };
}
