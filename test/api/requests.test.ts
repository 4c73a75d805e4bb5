// The REST API against the real bot over HTTP: a request filed by another system goes to the
// right approver in Slack and is walked to its end there; the API says where it stands at
// every point, checks a form exactly as the modal does, and files once per Idempotency-Key.
import { describe, expect, it } from "vitest";
import { routes } from "../../api/index.ts";
import { problemSchema, requestPage, requestSchema } from "../../api/schemas.ts";
import { createApiToken, revokeApiToken } from "../../src/tokens/api-tokens.ts";
import { actionMessage, clickOn, eventually, useBot } from "../support/bot.ts";
import { walkToEnd } from "../support/walk.ts";

const bot = useBot();
const db = () => bot.world.database.prisma;

async function token(name: string, scopes = ["requests:write", "requests:read"]) {
  const made = await createApiToken(db(), { name, scopes, createdBy: "test", now: new Date() });
  if (!made.ok) throw new Error(made.error.type);
  return made.secret;
}

async function call(
  secret: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${bot.apiUrl}${path}`, {
    method,
    headers: {
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

const creditForm = {
  customer: "C1002",
  proposed_grade: "A",
  proposed_limit: "350,000.00",
  hold_orders: false,
  reason: "ERP：客户回款良好，建议上调",
};

describe("POST /requests", () => {
  it("files a request that reaches its approver in Slack and is walked to its end there", async () => {
    const secret = await token("erp-walk");
    const filed = await call(secret, "POST", "/requests", {
      process: "credit",
      requester: "UAM0001",
      form: creditForm,
    });
    expect(filed.status, JSON.stringify(filed.json)).toBe(201);
    const request = requestSchema.parse(filed.json);
    expect(filed.headers.get("location")).toBe(`/api/v1/requests/${request.id}`);
    expect(request).toMatchObject({
      process: "credit",
      status: "PENDING",
      source: "api",
      requester: { id: "UAM0001" },
      form: { customer: "C1002", proposed_limit: "350000.00", current_grade: "B" },
      current_step: { waiting_on: [{ id: "URM0001" }] },
    });
    expect(request.history.map((h) => h.action)).toEqual(["SUBMIT"]);
    expect(request.path).toEqual([
      expect.objectContaining({
        assignee: expect.objectContaining({ id: "URM0001" }),
        status: "PENDING",
        decided_at: null,
      }),
    ]);
    const submitted = await db().auditEntry.findFirstOrThrow({
      where: { requestId: request.id, action: "SUBMIT" },
    });
    expect(submitted.data).toMatchObject({ source: "api", apiToken: "erp-walk" });

    // The approver gets the same message as for a request filed in Slack.
    const message = await actionMessage(bot, request.id, "URM0001");
    expect(message.text).toBe(`待你审批：客户资信调整 #${request.id}`);
    const acted = await walkToEnd(bot, request.id);
    expect(acted.length).toBeGreaterThanOrEqual(3);

    const done = await call(secret, "GET", `/requests/${request.id}`);
    expect(done.status).toBe(200);
    const after = requestSchema.parse(done.json);
    expect(after.status).toBe("APPROVED");
    expect(after.current_step).toBeNull();
    // Everyone who acted is on the path with when; a 或签 colleague's turn is released.
    for (const who of acted) {
      const [step, id] = who.split(":");
      expect(after.path).toContainEqual(
        expect.objectContaining({ step, assignee: expect.objectContaining({ id }) }),
      );
    }
    expect(after.path.every((a) => a.decided_at !== null && a.status !== "PENDING")).toBe(true);
    expect(after.amendments).toEqual([]);
    expect(after.completed_at).not.toBeNull();
    expect(after.history.filter((h) => h.action === "APPROVE").length).toBeGreaterThan(0);
    const customer = await db().customer.findUniqueOrThrow({ where: { code: "C1002" } });
    expect(customer.creditLimit.toFixed(2)).toBe("350000.00");
  });

  it("answers a bad form on each field, as the modal would, and files nothing", async () => {
    const secret = await token("erp-bad-form");
    const before = await db().request.count();
    const bad = await call(secret, "POST", "/requests", {
      process: "credit",
      requester: "UAM0001",
      form: {
        ...creditForm,
        proposed_limit: "35,00.00",
        reason: "",
        customer: "NO-SUCH",
        color: "red",
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const problem = problemSchema.parse(bad.json);
    expect(problem.code).toBe("invalid_form");
    // Fields the process does not have are refused before anything is checked.
    expect(problem.errors).toEqual([
      { pointer: "/form/color", code: "unknown", message: "流程中没有这一项" },
    ]);

    const fields = await call(secret, "POST", "/requests", {
      process: "credit",
      requester: "UAM0001",
      form: { ...creditForm, proposed_limit: "35,00.00", reason: "", customer: "NO-SUCH" },
    });
    expect(fields.status).toBe(422);
    const byField = Object.fromEntries(
      problemSchema.parse(fields.json).errors!.map((e) => [e.pointer, e]),
    );
    expect(Object.keys(byField).sort()).toEqual([
      "/form/customer",
      "/form/proposed_limit",
      "/form/reason",
    ]);
    expect(byField["/form/reason"]).toMatchObject({ code: "required", message: "此项必填" });
    expect(byField["/form/customer"]?.code).toBe("unknown_customer");
    expect(byField["/form/proposed_limit"]?.message).toMatch(/35,00\.00/);

    // A float for an amount would lose cents: amounts come as text.
    const float = await call(secret, "POST", "/requests", {
      process: "credit",
      requester: "UAM0001",
      form: { ...creditForm, proposed_limit: 350000.1 },
    });
    expect(float.status).toBe(422);
    expect(float.json.errors).toEqual([
      expect.objectContaining({ pointer: "/form/proposed_limit", code: "not_text" }),
    ]);
    expect(await db().request.count()).toBe(before);
  });

  it("names an unknown process or requester, and a body that is not one, in the caller's language", async () => {
    const secret = await token("erp-unknowns");
    const process = await call(secret, "POST", "/requests", {
      process: "nope",
      requester: "UAM0001",
      form: {},
    });
    expect(process).toMatchObject({ status: 422, json: { code: "unknown_process" } });
    expect(process.json.errors[0].pointer).toBe("/process");
    const person = await call(
      secret,
      "POST",
      "/requests",
      { process: "credit", requester: "UNOBODY", form: creditForm },
      { "accept-language": "en-US,en;q=0.9" },
    );
    expect(person).toMatchObject({
      status: 422,
      json: { code: "unknown_requester", title: "The requester is not in the org directory" },
    });
    expect(person.headers.get("content-language")).toBe("en");
    const shape = await call(secret, "POST", "/requests", { process: "credit", form: [] });
    expect(shape.status).toBe(422);
    expect(shape.json.code).toBe("invalid_body");
    expect(shape.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      "/form",
      "/requester",
    ]);
    const notJson = await fetch(`${bot.apiUrl}/requests`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).code).toBe("invalid_json");
    const form = await fetch(`${bot.apiUrl}/requests`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "text/plain" },
      body: "{}",
    });
    expect(form.status).toBe(415);
  });

  it("files once per Idempotency-Key: a retry gets the first answer, another call with the key is refused", async () => {
    const secret = await token("erp-idem");
    const body = { process: "credit", requester: "UAM0001", form: creditForm };
    const key = { "idempotency-key": "erp-42-credit" };
    const first = await call(secret, "POST", "/requests", body, key);
    expect(first.status).toBe(201);
    const again = await call(secret, "POST", "/requests", body, key);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    const other = await call(secret, "POST", "/requests", { ...body, requester: "USR0001" }, key);
    expect(other).toMatchObject({ status: 422, json: { code: "idempotency_key_reused" } });
    expect(await db().request.count({ where: { apiToken: { name: "erp-idem" } } })).toBe(1);

    // Many retries at once: one request, and every answer is it or "still running".
    const burstKey = { "idempotency-key": "erp-43-credit" };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(secret, "POST", "/requests", body, burstKey)),
    );
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.json.id));
    expect(ids.size).toBe(1);
    expect(await db().request.count({ where: { apiToken: { name: "erp-idem" } } })).toBe(2);
  });
});

describe("reading requests", () => {
  it("GET /requests/{id} says 404 for none, and GET /requests pages through changes oldest first", async () => {
    const secret = await token("erp-read");
    expect((await call(secret, "GET", "/requests/999999")).json.code).toBe("request_not_found");
    expect((await call(secret, "GET", "/requests/abc")).status).toBe(404);
    const since = new Date().toISOString();
    const filed: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call(secret, "POST", "/requests", {
        process: "credit",
        requester: "UAM0001",
        form: { ...creditForm, reason: `第 ${i} 份` },
      });
      filed.push(r.json.id);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q = new URLSearchParams({ updated_since: since, limit: "2", process: "credit" });
      if (cursor) q.set("cursor", cursor);
      const page = requestPage.parse((await call(secret, "GET", `/requests?${q}`)).json);
      seen.push(...page.requests.map((r) => r.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(filed);
    expect(pages).toBe(3);

    // A decision moves a request to the end of the changes.
    await actionMessage(bot, filed[0]!, "URM0001");
    await clickOn(bot, filed[0]!, "URM0001");
    await eventually(async () => {
      const q = new URLSearchParams({ updated_since: since, process: "credit" });
      const all = requestPage.parse((await call(secret, "GET", `/requests?${q}`)).json);
      return all.requests.at(-1)?.id === filed[0] ? true : undefined;
    }, "the decided request listed last");

    const bad = await call(
      secret,
      "GET",
      "/requests?status=DONE&limit=0&cursor=zz&updated_since=yesterday",
    );
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("invalid_query");
    expect(bad.json.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual([
      "cursor",
      "limit",
      "status",
      "updated_since",
    ]);
  });

  it("GET /processes lists what may be filed, with each form's fields", async () => {
    const secret = await token("erp-processes");
    const res = await call(secret, "GET", "/processes");
    expect(res.status).toBe(200);
    const credit = res.json.processes.find((p: { key: string }) => p.key === "credit");
    expect(credit.fields.map((f: { key: string }) => f.key)).toEqual(Object.keys(creditForm));
  });
});

describe("tokens and the contract", () => {
  it("asks for a token, refuses a wrong or revoked one, and one without the scope", async () => {
    const none = await call(undefined, "GET", "/processes");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="approvals"');
    const wrong = await call("apv_not-a-real-one", "GET", "/processes");
    expect(wrong).toMatchObject({ status: 401, json: { code: "invalid_token" } });
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);

    const reader = await token("bi-reader", ["requests:read"]);
    expect((await call(reader, "GET", "/processes")).status).toBe(200);
    const write = await call(reader, "POST", "/requests", { process: "credit" });
    expect(write).toMatchObject({ status: 403, json: { code: "insufficient_scope" } });
    expect(write.headers.get("www-authenticate")).toMatch(/scope="requests:write"/);
    await revokeApiToken(db(), "bi-reader", new Date());
    expect((await call(reader, "GET", "/processes")).json.code).toBe("invalid_token");
    const row = await db().apiToken.findUniqueOrThrow({ where: { name: "bi-reader" } });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.hash).not.toContain(reader.slice(4, 20));
  });

  it("asks every route but the document for a token, and for its scope", async () => {
    const scoped = routes.filter((r) => r.scope);
    expect(scoped.length).toBe(routes.length - 1);
    for (const r of scoped) {
      const path = r.path.replace(":id", "1").replace(":code", "C1001");
      const body = r.method === "GET" ? undefined : {};
      const none = await call(undefined, r.method, path, body);
      expect(none.status, `${r.method} ${r.path}`).toBe(401);
      const other = await token(`other-${r.method}-${r.path.replace(/\W/g, "")}`, [
        r.scope === "customers:write" ? "requests:read" : "customers:write",
      ]);
      const wrong = await call(other, r.method, path, body);
      expect(wrong.json, `${r.method} ${r.path}`).toMatchObject({
        status: 403,
        code: "insufficient_scope",
        scope: r.scope,
      });
    }
  });

  it("answers an unknown path or method as problem details", async () => {
    const secret = await token("erp-paths");
    const missing = await call(secret, "GET", "/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      status: 404,
      code: "not_found",
      type: "urn:approvals:problem:not_found",
    });
    const method = await call(secret, "DELETE", "/requests");
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("POST, GET");
  });

  it("describes every route in GET /openapi.json, which needs no token", async () => {
    const res = await call(undefined, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const r of routes) {
      const path = r.path.replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(
      routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`).sort(),
    );
    const schemas = (doc as unknown as { components: { schemas: Record<string, unknown> } })
      .components.schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(["NewRequest", "Request", "Customer", "CreditFacts", "Problem"]),
    );
  });
});
