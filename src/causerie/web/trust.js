// Trust progress, shared by the account page and the profile card so that
// both say the same thing with the same numbers (GET /me `next_level`).

import { h } from "./dom.js";
import { t } from "./i18n.js";

/** A labelled progress bar ("12 / 30"). */
export function meter(label, value, max) {
  const id = `m-${label.replace(/\W+/g, "")}-${Math.random().toString(36).slice(2, 7)}`;
  const done = Math.min(value, max);
  return h(
    "div",
    { class: "meter-row" },
    h("label", { for: id }, label),
    h("progress", { id, max: String(Math.max(1, max)), value: String(done) }),
    h("span", { class: "meter-value" }, `${done} / ${max}`),
  );
}

/**
 * How to reach the next level earned by activity: one sentence and two
 * meters, or null when `next` is not a time-and-messages level.
 */
export function progressOf(next) {
  if (!next || next.how !== "time_and_messages") return null;
  const req = next.requires || {};
  const prog = next.progress || {};
  return [
    h("p", {}, t("trust.how", { m: req.minutes ?? 0, k: req.messages ?? 0 })),
    meter(t("trust.minutes"), Math.floor(prog.minutes ?? 0), req.minutes ?? 0),
    meter(t("trust.messages"), prog.messages ?? 0, req.messages ?? 0),
  ];
}
