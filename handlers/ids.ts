// Every action_id and callback_id the bot uses, named once. Documented in the README.
export const ids = {
  /** Workflow Builder steps (custom functions) by callback_id: slack/manifest.yaml `functions`. */
  function: {
    requestApproval: "request_approval",
  },
  action: {
    approve: "approval.approve",
    reject: "approval.reject",
    return: "approval.return",
    transfer: "approval.transfer",
    /** 加签 */
    addApprover: "approval.add_approver",
    /** 抄送 */
    cc: "approval.cc",
    taskDone: "task.done",
    withdraw: "request.withdraw",
    resubmit: "request.resubmit",
    /** The whole request in a modal (a message shortened to Slack's limits offers it); `value` = request id. */
    viewRequest: "request.view",
    /** App Home: file a request; `value` = process key. */
    homeNew: "home.new",
  },
  view: {
    /** `request:<process key>`: the form of a process (new request or resubmission). */
    requestPrefix: "request:",
    reject: "decision:reject",
    return: "decision:return",
    transfer: "decision:transfer",
    /** Approve with the step's inputs and amendable values. */
    approve: "decision:approve",
    addApprover: "decision:add_approver",
    cc: "decision:cc",
    /** The whole request, read-only (request.view). */
    fullRequest: "request_full",
  },
  block: {
    reason: "reason",
    target: "target",
    comment: "comment",
    /** Prefix of the path-preview blocks in a process form (`path_preview:steps:0`, …); not inputs. */
    pathPreview: "path_preview",
    position: "position",
    people: "people",
    /** Prefixes of the blocks of a step's inputs and of amendable values: `inputs.<field>`, `amend.<field>`. */
    inputsPrefix: "inputs.",
    amendPrefix: "amend.",
    /** The actions block of an assignment: `assignment:<id>`, with `:form` when approving opens a form. */
    assignmentPrefix: "assignment:",
    opensFormSuffix: ":form",
  },
} as const;

/** A button's `value` as a request or assignment id; undefined for anything forged or broken. */
export function idFromValue(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export const requestCallbackId = (processKey: string) => `${ids.view.requestPrefix}${processKey}`;
/** Every process form: its dispatch_action inputs (action_id = field key) refresh the path preview. */
export const requestCallbackPattern = new RegExp(`^${ids.view.requestPrefix}`);
