// What Slack's client checks before a modal is submitted: required fields, and the formats
// of number, URL and email inputs. The app hears nothing until these pass.
import { focusIn, readValue } from "./values.js";

export function checkInputs(form, strings) {
  let ok = true;
  for (const block of form.querySelectorAll(".b-input")) {
    const el = block.querySelector(".el[data-action-id]");
    if (!el) continue;
    const problem = problemOf(el, block.dataset.optional !== undefined, strings);
    block.classList.toggle("has-error", Boolean(problem));
    block.querySelector(".b-error").textContent = problem ?? "";
    if (problem && ok) focusIn(el);
    ok &&= !problem;
  }
  return ok;
}

function problemOf(el, optional, strings) {
  const value = readValue(el);
  const empty = Object.entries(value).every(
    ([k, v]) => k === "type" || v === null || (Array.isArray(v) && v.length === 0),
  );
  if (
    el.dataset.type === "external_select" &&
    !value.selected_option &&
    el.querySelector(".combo-input").value
  ) {
    return strings.required; // typed but never picked an option
  }
  if (empty && el.matches("input") && el.validity.badInput) return strings["invalid.number"];
  if (empty) return optional ? undefined : strings.required;
  if (el.dataset.type === "number_input" && !el.validity.valid) return strings["invalid.number"];
  if (el.dataset.type === "url_text_input" && !el.validity.valid) return strings["invalid.url"];
  if (el.dataset.type === "email_text_input" && !el.validity.valid) return strings["invalid.email"];
  return undefined;
}

export function clearError(el) {
  const block = el.closest(".b-input");
  if (!block) return;
  block.classList.remove("has-error");
  block.querySelector(".b-error").textContent = "";
}
