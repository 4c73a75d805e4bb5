// GET /api/v1/openapi.json: the API described from the schemas that check its calls.
import { z } from "zod";
import { createDocument } from "zod-openapi";
import { creditFactsPatch, customerRecord } from "../src/customers/customer-record.ts";
import type { Route } from "./router.ts";
import {
  customerSchema,
  listQuery,
  newRequest,
  problemSchema,
  processList,
  requestPage,
  requestSchema,
} from "./schemas.ts";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});
/** What any call with a token may be answered. */
const common = {
  "401": problem("no token, or one not valid or revoked"),
  "403": problem("the token lacks the scope"),
  "429": problem("too many calls this minute: wait Retry-After seconds"),
};

export function openApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Approvals API",
      version: "1",
      description:
        "File approval requests, read where they stand, and keep customers' credit facts current. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths: {
      "/requests": {
        post: {
          summary: "File a request for a person of the org",
          description: "scope requests:write",
          requestParams: {
            header: z.object({
              "idempotency-key": z.string().optional().meta({
                description:
                  "a retry with the same key files nothing again and gets the first answer (kept 24 h)",
              }),
            }),
          },
          requestBody: json(newRequest),
          responses: {
            "201": { description: "filed", ...json(requestSchema) },
            "409": problem("a call with this Idempotency-Key is still running"),
            "422": problem("the form, process or requester is refused, each problem named"),
            ...common,
          },
        },
        get: {
          summary: "Requests changed since a time, oldest change first",
          description: "scope requests:read",
          requestParams: { query: listQuery },
          responses: {
            "200": { description: "one page", ...json(requestPage) },
            "400": problem("a query parameter is refused"),
            ...common,
          },
        },
      },
      "/requests/{id}": {
        get: {
          summary: "Where a request stands",
          description: "scope requests:read",
          requestParams: { path: z.object({ id: z.string() }) },
          responses: {
            "200": { description: "the request", ...json(requestSchema) },
            "404": problem("no such request"),
            ...common,
          },
        },
      },
      "/processes": {
        get: {
          summary: "The processes that may be filed, with their form fields",
          description: "scope requests:read",
          responses: {
            "200": { description: "published processes", ...json(processList) },
            ...common,
          },
        },
      },
      "/customers/{code}": {
        put: {
          summary: "Create or replace a customer's whole record",
          description: "scope customers:write",
          requestParams: { path: z.object({ code: z.string() }) },
          requestBody: json(customerRecord),
          responses: {
            "200": { description: "replaced", ...json(customerSchema) },
            "201": { description: "created", ...json(customerSchema) },
            "422": problem("a field is refused"),
            ...common,
          },
        },
        patch: {
          summary: "Change some of a customer's credit facts",
          description: "scope customers:write",
          requestParams: { path: z.object({ code: z.string() }) },
          requestBody: json(creditFactsPatch),
          responses: {
            "200": { description: "changed", ...json(customerSchema) },
            "404": problem("no such customer"),
            "422": problem("a fact is refused"),
            ...common,
          },
        },
      },
      "/openapi.json": {
        get: {
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1" } },
        },
      },
    },
  });
}

export const openApiRoutes: Route[] = [
  {
    method: "GET",
    path: "/openapi.json",
    handle: async () => ({ status: 200, body: openApiDocument() }),
  },
];
