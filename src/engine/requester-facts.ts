// What a condition may know about the requester besides the form (see requesterFields in
// src/definitions/condition.ts), from the org file.
import type { FormValues } from "../definitions/condition.ts";
import type { Directory } from "../directory/directory.ts";

/** The form as conditions see it: its fields plus the requester's facts. */
export function conditionInput(form: FormValues, requesterId: string, dir: Directory): FormValues {
  return { ...form, requester_is_manager: dir.manages(requesterId) };
}
