// Pure: who an overdue assignment escalates to. Never the requester, never the assignee.
import type { ResolvedPolicy } from "../config/settings.ts";
import type { Directory } from "../directory/directory.ts";

export function escalationTarget(
  policy: ResolvedPolicy,
  assigneeId: string,
  requesterId: string,
  dir: Directory,
): string | undefined {
  const to = policy.escalate_to;
  const candidates =
    "manager" in to
      ? [dir.manager(assigneeId, to.manager)]
      : (() => {
          const h = dir.holders(to.role, requesterId);
          return h.ok ? h.ids : [];
        })();
  return candidates.find((id): id is string => !!id && id !== assigneeId && id !== requesterId);
}
