// The return form as a person fills it in the modal: harness/samples.ts, shared with the benchmarks.
export { returnFormValues } from "../../harness/samples.ts";
