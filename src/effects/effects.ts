// Process-specific behaviour named in a definition's `effects`: extra facts captured at
// submission, context shown to approvers, and changes applied on final approval.
import type { Db } from "../db/open-database.ts";
import type { Tx } from "../db/tx.ts";
import type { FormValues } from "../definitions/condition.ts";
import type { ProcessDef } from "../definitions/schema.ts";
import { creditChange } from "./credit-change.ts";
import { rebate } from "./rebate.ts";

export type ApproverContext =
  | {
      kind: "credit";
      customer: string;
      grade: string;
      limit: string;
      onHold: boolean;
      history: {
        at: Date;
        fromGrade: string;
        toGrade: string;
        fromLimit: string;
        toLimit: string;
      }[];
    }
  | {
      kind: "rebate_history";
      distributor: string;
      rows: { period: string; salesBasis: string; amount: string; at: Date }[];
    };

export interface RequestFacts {
  id: number;
  requesterId: string;
  form: FormValues;
}

export interface Effect {
  /** Adds facts to the form at submission (e.g. the customer's current credit). */
  capture?(db: Tx, form: FormValues): Promise<FormValues>;
  context?(db: Db, request: RequestFacts): Promise<ApproverContext | undefined>;
  onApproved?(db: Tx, request: RequestFacts, at: Date): Promise<void>;
}

const registry: Record<ProcessDef["effects"][number], Effect> = {
  credit_change: creditChange,
  rebate,
};

export function effectsOf(def: ProcessDef): Effect[] {
  return def.effects.map((name) => registry[name]);
}
