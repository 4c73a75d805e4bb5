// POST /requests files a request for a person of the org, checked exactly as the Slack form
// is; GET /requests/{id} says where it stands; GET /requests lists changes for the ERP's books.
import { errorText, fieldErrorText } from "../handlers/errors.ts";
import type { FieldDef } from "../src/definitions/schema.ts";
import type { RawForm } from "../src/engine/validate-form.ts";
import { t } from "../src/i18n/index.ts";
import { changedRequests, requestRecord } from "../src/requests/changed-requests.ts";
import { Problem } from "./http.ts";
import { idempotent } from "./idempotency.ts";
import { represent } from "./represent.ts";
import type { ApiDeps, Call, Route } from "./router.ts";
import { listQuery, newRequest } from "./schemas.ts";
import { bodyProblem, type FieldProblem, pointerOf } from "./validation.ts";

const defaultPage = 50;

const file: Route = {
  method: "POST",
  path: "/requests",
  scope: "requests:write",
  handle: async (call, deps) => {
    const { services } = deps;
    const body = await call.body();
    const parsed = newRequest.safeParse(body);
    if (!parsed.success) throw bodyProblem("invalid_body", parsed.error, "");
    const { process, requester, form } = parsed.data;
    const published = services.catalog.get(process);
    if (!published)
      throw new Problem(422, "unknown_process", undefined, {
        errors: [{ pointer: "/process", message: t(call.locale, "api.query.process") }],
      });
    if (!services.directory.person(requester))
      throw new Problem(422, "unknown_requester", undefined, {
        errors: [{ pointer: "/requester", message: t(call.locale, "field.error.unknown_user") }],
      });
    const raw = rawForm(published.def.fields, form, call);
    return idempotent(
      deps.db,
      {
        tokenId: call.token.id,
        key: header(call, "idempotency-key"),
        method: "POST",
        path: "/requests",
        body,
        now: services.clock(),
      },
      async (key) => {
        const filed = await services.engine.submit(process, requester, raw, {
          origin: {
            source: "API",
            tokenId: call.token.id,
            tokenName: call.token.name,
            idempotencyKey: key,
          },
        });
        if (!filed.ok) throw refusal(filed.error, call, deps);
        const record = await requestRecord(deps.db, filed.requestId);
        return {
          status: 201,
          headers: { location: `/api/v1/requests/${filed.requestId}` },
          body: await represent(record!, services.catalog, services.directory, call.locale),
        };
      },
    );
  },
};

const show: Route = {
  method: "GET",
  path: "/requests/:id",
  scope: "requests:read",
  handle: async (call, { db, services }) => {
    const id = /^[1-9]\d{0,9}$/.test(call.params.id!) ? Number(call.params.id) : undefined;
    const record = id === undefined || id > 2 ** 31 - 1 ? null : await requestRecord(db, id);
    if (!record) throw new Problem(404, "request_not_found");
    return {
      status: 200,
      body: await represent(record, services.catalog, services.directory, call.locale),
    };
  },
};

const list: Route = {
  method: "GET",
  path: "/requests",
  scope: "requests:read",
  handle: async (call, { db, services }) => {
    const q = readListQuery(call);
    const page = await changedRequests(db, q);
    const last = page.records.at(-1);
    return {
      status: 200,
      body: {
        requests: await Promise.all(
          page.records.map((r) => represent(r, services.catalog, services.directory, call.locale)),
        ),
        next_cursor:
          page.more && last ? encodeCursor({ updatedAt: last.updatedAt, id: last.id }) : null,
      },
    };
  },
};

export const requestRoutes: Route[] = [file, show, list];

function header(call: Call, name: string): string | undefined {
  const v = call.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The JSON form → what the Slack form would have sent: only the process's fields, as text
 * (a JSON number only for a number field: an amount as a float would lose cents).
 */
function rawForm(
  fields: FieldDef[],
  form: Record<string, string | boolean | number | null>,
  call: Call,
): RawForm {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems: FieldProblem[] = [];
  const raw: RawForm = {};
  for (const [key, value] of Object.entries(form)) {
    const field = byKey.get(key);
    const pointer = pointerOf(["form", key]);
    if (!field)
      problems.push({ pointer, code: "unknown", message: t(call.locale, "api.field.unknown") });
    else if (typeof value === "number" && field.type !== "number")
      problems.push({ pointer, code: "not_text", message: t(call.locale, "api.field.not_text") });
    else raw[key] = typeof value === "number" ? String(value) : value;
  }
  if (problems.length > 0) throw new Problem(422, "invalid_form", undefined, { errors: problems });
  return raw;
}

function refusal(error: Parameters<typeof errorText>[0], call: Call, deps: ApiDeps): Problem {
  if (error.type === "invalid_form")
    return new Problem(422, "invalid_form", undefined, {
      errors: Object.entries(error.errors).map(([key, e]) => ({
        pointer: pointerOf(["form", key]),
        code: e.type,
        message: fieldErrorText(e, call.locale),
      })),
    });
  const detail = errorText(error, call.locale, deps.services.directory);
  if (error.type === "unresolvable_step") return new Problem(422, "unresolvable_step", detail);
  if (error.type === "unknown_process") return new Problem(422, "unknown_process");
  return new Problem(500, "internal", detail);
}

interface Cursor {
  updatedAt: Date;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.updatedAt.toISOString()}|${c.id}`).toString("base64url");
}

function decodeCursor(s: string): Cursor | undefined {
  const [at, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(at ?? "");
  if (Number.isNaN(updatedAt.getTime()) || !/^\d{1,10}$/.test(id ?? "")) return undefined;
  return { updatedAt, id: Number(id) };
}

/** A process no longer published still has its requests: `process` is not checked against the catalog. */
function readListQuery(call: Call) {
  const given = Object.fromEntries(call.query);
  const parsed = listQuery.safeParse(given);
  const problems: FieldProblem[] = [];
  const refuse = (key: string, message: string) => problems.push({ parameter: key, message });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (key === "status")
        refuse(
          key,
          t(call.locale, "api.query.status", {
            list: listQuery.shape.status.unwrap().options.join(", "),
          }),
        );
      else if (key === "updated_since") refuse(key, t(call.locale, "api.query.updated_since"));
      else if (key === "limit") refuse(key, t(call.locale, "api.query.limit", { max: 200 }));
    }
  }
  const q = parsed.success ? parsed.data : undefined;
  const after = given.cursor === undefined ? undefined : decodeCursor(given.cursor);
  if (given.cursor !== undefined && !after) refuse("cursor", t(call.locale, "api.query.cursor"));
  if (problems.length > 0 || !q)
    throw new Problem(400, "invalid_query", undefined, { errors: problems });
  return {
    processKey: q.process,
    status: q.status,
    since: q.updated_since ? new Date(q.updated_since) : undefined,
    after,
    take: q.limit ?? defaultPage,
  };
}
