// The approval engine as its callers see it: one object whose methods are the acts of the
// requester (requester.ts), approvers (decisions.ts) and the system (system.ts), all run
// through one locking kernel (kernel.ts).
import { DecisionActions } from "./decisions.ts";
import { type EngineDeps, Kernel } from "./kernel.ts";
import { RequesterActions } from "./requester.ts";
import { SystemActions } from "./system.ts";

export type { AddApproverInput, DecisionInput } from "./decision-input.ts";
export type { EngineDeps } from "./kernel.ts";

export class ApprovalEngine {
  readonly checkForm: RequesterActions["checkForm"];
  readonly submit: RequesterActions["submit"];
  readonly resubmit: RequesterActions["resubmit"];
  readonly withdraw: RequesterActions["withdraw"];
  readonly checkAssignment: DecisionActions["checkAssignment"];
  readonly approve: DecisionActions["approve"];
  readonly reject: DecisionActions["reject"];
  readonly returnToRequester: DecisionActions["returnToRequester"];
  readonly transfer: DecisionActions["transfer"];
  readonly addApprover: DecisionActions["addApprover"];
  readonly cc: DecisionActions["cc"];
  readonly completeTask: DecisionActions["completeTask"];
  readonly escalate: SystemActions["escalate"];
  readonly decideOnTimeout: SystemActions["decideOnTimeout"];
  readonly record: SystemActions["record"];

  constructor(deps: EngineDeps) {
    const kernel = new Kernel(deps);
    const requester = new RequesterActions(kernel);
    const decisions = new DecisionActions(kernel);
    const system = new SystemActions(kernel);
    this.checkForm = requester.checkForm.bind(requester);
    this.submit = requester.submit.bind(requester);
    this.resubmit = requester.resubmit.bind(requester);
    this.withdraw = requester.withdraw.bind(requester);
    this.checkAssignment = decisions.checkAssignment.bind(decisions);
    this.approve = decisions.approve.bind(decisions);
    this.reject = decisions.reject.bind(decisions);
    this.returnToRequester = decisions.returnToRequester.bind(decisions);
    this.transfer = decisions.transfer.bind(decisions);
    this.addApprover = decisions.addApprover.bind(decisions);
    this.cc = decisions.cc.bind(decisions);
    this.completeTask = decisions.completeTask.bind(decisions);
    this.escalate = system.escalate.bind(system);
    this.decideOnTimeout = system.decideOnTimeout.bind(system);
    this.record = system.record.bind(system);
  }
}
