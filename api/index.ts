// The REST API (README "The REST API"): every route, mounted on the bot's HTTP server.
import type { CustomRoute } from "@slack/bolt";
import { customerRoutes } from "./customers.ts";
import { openApiRoutes } from "./openapi.ts";
import { processRoutes } from "./processes.ts";
import { requestRoutes } from "./requests.ts";
import { type ApiDeps, apiRoutes, type Route } from "./router.ts";

export type { ApiDeps } from "./router.ts";

export const routes: Route[] = [
  ...requestRoutes,
  ...processRoutes,
  ...customerRoutes,
  ...openApiRoutes,
];

export function restApi(deps: ApiDeps): CustomRoute[] {
  return apiRoutes(routes, deps);
}
