// Element values in Slack's shapes (what view.state.values holds), read from and written
// back to the page's controls. Each control carries data-type, data-action-id and
// data-block-id, and option controls carry their option object (data-option).

export function elementsIn(root) {
  return [...root.querySelectorAll(".el[data-action-id]")];
}

export function keyOf(el) {
  return el ? `${el.dataset.blockId}/${el.dataset.actionId}` : undefined;
}

export function focusIn(el, caret) {
  const field = el.matches("input, select, textarea")
    ? el
    : el.querySelector("input, select, textarea");
  field?.focus();
  // Only text-like inputs have a caret (setSelectionRange throws on number and date inputs).
  if (caret && field && /^(text|search|url|email|textarea)$/.test(field.type))
    field.setSelectionRange(...caret);
}

const option = (node) => JSON.parse(node.dataset.option);

export function readValue(el) {
  const type = el.dataset.type;
  switch (type) {
    case "static_select": {
      const chosen = [...el.selectedOptions].find((o) => o.value !== "");
      return { type, selected_option: chosen ? option(chosen) : null };
    }
    case "multi_static_select":
      return { type, selected_options: [...el.selectedOptions].map(option) };
    case "overflow":
      return {
        type,
        selected_option: el.selectedOptions[0]?.value ? option(el.selectedOptions[0]) : null,
      };
    case "external_select":
      return { type, selected_option: el.dataset.option ? JSON.parse(el.dataset.option) : null };
    case "users_select":
      return { type, selected_user: el.value || null };
    case "multi_users_select":
      return { type, selected_users: [...el.selectedOptions].map((o) => o.value) };
    case "datepicker":
      return { type, selected_date: el.value || null };
    case "timepicker":
      return { type, selected_time: el.value || null };
    case "checkboxes":
      return { type, selected_options: [...el.querySelectorAll("input:checked")].map(option) };
    case "radio_buttons": {
      const chosen = el.querySelector("input:checked");
      return { type, selected_option: chosen ? option(chosen) : null };
    }
    default: // plain_text_input, number_input, url_text_input, email_text_input
      return { type, value: el.value === "" ? null : el.value };
  }
}

export function writeValue(el, value) {
  const values = (list) => new Set((list ?? []).map((o) => o.value));
  switch (el.dataset.type) {
    case "static_select":
    case "multi_static_select": {
      const chosen = values(
        value.selected_options ?? (value.selected_option ? [value.selected_option] : []),
      );
      for (const o of el.options) o.selected = chosen.has(o.value);
      return;
    }
    case "external_select":
      el.dataset.option = value.selected_option ? JSON.stringify(value.selected_option) : "";
      el.querySelector(".combo-input").value = value.selected_option
        ? textOf(value.selected_option)
        : "";
      return;
    case "users_select":
      el.value = value.selected_user ?? "";
      return;
    case "multi_users_select": {
      const chosen = new Set(value.selected_users ?? []);
      for (const o of el.options) o.selected = chosen.has(o.value);
      return;
    }
    case "datepicker":
      el.value = value.selected_date ?? "";
      return;
    case "timepicker":
      el.value = value.selected_time ?? "";
      return;
    case "checkboxes":
    case "radio_buttons": {
      const chosen = values(
        value.selected_options ?? (value.selected_option ? [value.selected_option] : []),
      );
      for (const input of el.querySelectorAll("input")) input.checked = chosen.has(input.value);
      return;
    }
    default:
      el.value = value.value ?? "";
  }
}

/** Every stateful element of a view (buttons have no state): block_id → action_id → value. */
export function readState(root) {
  const state = {};
  for (const el of elementsIn(root)) {
    if (el.dataset.type === "button" || el.dataset.type === "overflow") continue;
    state[el.dataset.blockId] ??= {};
    state[el.dataset.blockId][el.dataset.actionId] = readValue(el);
  }
  return state;
}

export const textOf = (opt) =>
  typeof opt.text === "string" ? opt.text : (opt.text?.text ?? opt.value);
