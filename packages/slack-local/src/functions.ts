// Workflow Builder custom steps, as Slack runs them: an execution is started by a
// function_executed event (with a short-lived token good until it ends), and ends once, by
// functions.completeSuccess (outputs checked against the function's output_parameters) or
// functions.completeError. A second completion is execution_not_in_running_state.
import { randomBytes } from "node:crypto";
import { type ApiHandler, fail } from "./api-types.ts";
import { str } from "./http-util.ts";

/** A function's parameters as the manifest declares them. */
export interface FunctionParams {
  properties: Record<string, { type: string }>;
  required?: string[];
}

export interface FunctionSpec {
  title?: string;
  input_parameters?: FunctionParams;
  output_parameters?: FunctionParams;
}

export interface Execution {
  id: string;
  callbackId: string;
  inputs: Record<string, unknown>;
  token: string;
  state: "running" | "completed" | "failed";
  outputs?: Record<string, unknown>;
  error?: string;
}

export class Executions {
  private readonly byId = new Map<string, Execution>();

  constructor(readonly specs: Record<string, FunctionSpec> | undefined) {}

  start(callbackId: string, inputs: Record<string, unknown>): Execution {
    if (this.specs && !this.specs[callbackId])
      throw new Error(`local Slack: the app has no function ${callbackId}`);
    const id = `Fx${randomBytes(5).toString("hex").toUpperCase()}`;
    const token = `xwfp-${randomBytes(12).toString("hex")}`;
    const e: Execution = { id, callbackId, inputs, token, state: "running" };
    this.byId.set(id, e);
    return e;
  }

  get(id: string): Execution | undefined {
    return this.byId.get(id);
  }

  /** A running execution's token is good for Web API calls, as Slack's function tokens are. */
  tokenIsLive(token: string): boolean {
    return [...this.byId.values()].some((e) => e.token === token && e.state === "running");
  }
}

/** Outputs that do not fit the output parameters: what Slack calls parameter_validation_failed. */
function invalidOutputs(spec: FunctionSpec | undefined, outputs: Record<string, unknown>) {
  const params = spec?.output_parameters;
  if (!params) return [];
  const problems: string[] = [];
  for (const name of params.required ?? [])
    if (outputs[name] === undefined || outputs[name] === null) problems.push(`${name} is required`);
  for (const [name, value] of Object.entries(outputs)) {
    const p = params.properties[name];
    if (!p) problems.push(`${name} is not an output parameter`);
    else if (p.type === "boolean" ? typeof value !== "boolean" : typeof value !== "string")
      problems.push(`${name} must be a ${p.type === "boolean" ? "boolean" : "string"}`);
  }
  return problems;
}

function parseObject(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v !== "string") return undefined;
  try {
    return parseObject(JSON.parse(v));
  } catch {
    return undefined;
  }
}

function running(id: string | undefined, executions: Executions) {
  if (!id) return { failure: fail("invalid_arguments") };
  const e = executions.get(id);
  if (!e) return { failure: fail("function_execution_not_found") };
  if (e.state !== "running") return { failure: fail("execution_not_in_running_state") };
  return { execution: e };
}

const completeSuccess: ApiHandler = (args, ctx) => {
  const { execution, failure } = running(str(args.function_execution_id), ctx.executions);
  if (!execution) return failure;
  const outputs = parseObject(args.outputs);
  if (!outputs) return fail("invalid_arguments");
  const problems = invalidOutputs(ctx.executions.specs?.[execution.callbackId], outputs);
  if (problems.length > 0) return { ...fail("parameter_validation_failed"), errors: problems };
  Object.assign(execution, { state: "completed", outputs });
  return { ok: true };
};

const completeError: ApiHandler = (args, ctx) => {
  const { execution, failure } = running(str(args.function_execution_id), ctx.executions);
  if (!execution) return failure;
  const error = str(args.error);
  if (!error) return fail("invalid_arguments");
  Object.assign(execution, { state: "failed", error });
  return { ok: true };
};

export const functionMethods: Record<string, ApiHandler> = {
  "functions.completeSuccess": completeSuccess,
  "functions.completeError": completeError,
};
