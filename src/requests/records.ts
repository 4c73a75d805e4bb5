// The stored shapes the Slack glue renders; re-exported so handlers/ need not know Prisma.
export type { Assignment, AuditEntry, Request } from "../generated/prisma/client.ts";
