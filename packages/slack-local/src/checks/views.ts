// A view (modal or Home tab) as views.open / push / update / publish and a view_submission's
// response_action update / push hand it to Slack (docs.slack.dev/reference/views/modal-views
// and /reference/views: the view object's fields and limits). Slack answers a bad view with
// invalid_arguments and the problems in response_metadata.messages.
import { checkBlocks, type Surface } from "./blocks.ts";
import { checkString, checkText } from "./elements.ts";
import { isObject, Problems, refusal } from "./problems.ts";

/** Problems of a view, pointers under `at` ("/view" for the Web API, "/view" in a response_action too). */
export function checkView(view: unknown, type: "modal" | "home", at = "/view"): Problems {
  const p = new Problems();
  if (!isObject(view)) {
    p.add(at, "missing required field");
    return p;
  }
  if (view.type !== type) p.add(`${at}/type`, `must be ${type}`);
  const surface: Surface = type;
  checkBlocks(p, `${at}/blocks`, view.blocks, surface);
  if (type === "modal") {
    checkText(p, `${at}/title`, view.title, { max: 24, plainOnly: true, required: true });
    checkText(p, `${at}/submit`, view.submit, { max: 24, plainOnly: true });
    checkText(p, `${at}/close`, view.close, { max: 24, plainOnly: true });
    // Slack: submit is "required when an input block is within the blocks array".
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined)
      p.add(`${at}/submit`, "must provide submit when the view has input blocks");
  }
  checkString(p, `${at}/private_metadata`, view.private_metadata, { max: 3000 });
  checkString(p, `${at}/callback_id`, view.callback_id, { max: 255 });
  checkString(p, `${at}/external_id`, view.external_id, { max: 255 });
  return p;
}

/** The Web API answer for a refused view, or undefined when the view is fine. */
export function refuseView(
  view: unknown,
  type: "modal" | "home",
): ReturnType<typeof refusal> | undefined {
  const p = checkView(view, type);
  return p.ok ? undefined : refusal("invalid_arguments", p);
}
