// GET /processes: what may be filed, with each form's fields (what POST /requests takes).
import type { Route } from "./router.ts";

export const processRoutes: Route[] = [
  {
    method: "GET",
    path: "/processes",
    scope: "requests:read",
    handle: async (_call, { services }) => ({
      status: 200,
      body: {
        processes: services.catalog.list().map(({ def }) => ({
          key: def.key,
          version: def.version,
          name: def.name,
          ...(def.command ? { command: def.command } : {}),
          fields: def.fields,
        })),
      },
    }),
  },
];
