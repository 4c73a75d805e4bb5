// Every action_id and callback_id the bot uses, named once. Documented in the README.
export const ids = {
  action: {
    approve: "approval.approve",
    reject: "approval.reject",
    return: "approval.return",
    transfer: "approval.transfer",
    taskDone: "task.done",
    withdraw: "request.withdraw",
    resubmit: "request.resubmit",
    /** App Home: file a request; `value` = process key. */
    homeNew: "home.new",
  },
  view: {
    /** `request:<process key>`: the form of a process (new request or resubmission). */
    requestPrefix: "request:",
    reject: "decision:reject",
    return: "decision:return",
    transfer: "decision:transfer",
  },
  block: {
    reason: "reason",
    target: "target",
    comment: "comment",
  },
} as const;

export const requestCallbackId = (processKey: string) => `${ids.view.requestPrefix}${processKey}`;
