// A request as the outbound jobs render it, read once per revision: a decision's sync and its
// deliveries (the clicked message, the tracking message, the next DM) all render the same
// state, and each full read is about a dozen statements. The revision is checked every time
// (one indexed read), so a render is never older than the database.
import type { RequestView } from "../src/requests/load-request-view.ts";
import type { Services } from "../src/services.ts";

const keep = 500;

export interface ViewCache {
  load(requestId: number): Promise<RequestView | undefined>;
}

export function createViewCache(services: Pick<Services, "loadRequest" | "syncState">): ViewCache {
  const views = new Map<number, RequestView>();
  return {
    async load(requestId) {
      const revision = await services.syncState.revisionOf(requestId);
      const cached = views.get(requestId);
      if (cached && revision !== undefined && cached.request.revision === revision) return cached;
      const view = await services.loadRequest(requestId);
      views.delete(requestId);
      if (view) views.set(requestId, view);
      if (views.size > keep) views.delete(views.keys().next().value!);
      return view;
    },
  };
}
