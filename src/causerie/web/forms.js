// Labelled form fields with inline, announced error messages.

import { h, uid } from "./dom.js";
import { has, t } from "./i18n.js";

/**
 * A visible <label>, the control, an optional hint and an error slot, wired
 * with aria-describedby so screen readers read hint and error.
 */
export function field(label, widget, hint) {
  const control = widget.input || widget; // composite widgets expose their input
  const id = control.id || uid("f");
  control.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  const errorEl = h("p", { class: "error", id: `${id}-error`, hidden: true });
  describe(control, hintEl ? hintEl.id : null);
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), widget, hintEl, errorEl);
  wrap.control = control;
  wrap.errorEl = errorEl;
  return wrap;
}

function describe(control, ...ids) {
  const all = new Set((control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
  for (const id of ids) if (id) all.add(id);
  if (all.size) control.setAttribute("aria-describedby", [...all].join(" "));
}

/** Shows (or clears, with a falsy message) the inline error of a field. */
export function setFieldError(wrap, message) {
  const { control, errorEl } = wrap;
  if (message) {
    errorEl.textContent = message;
    errorEl.hidden = false;
    control.setAttribute("aria-invalid", "true");
    describe(control, errorEl.id);
  } else {
    errorEl.textContent = "";
    errorEl.hidden = true;
    control.removeAttribute("aria-invalid");
  }
}

/** A form-level alert (role=alert so it is announced). */
export function formAlert() {
  const el = h("p", { class: "alert", role: "alert", hidden: true });
  el.show = (message) => {
    el.textContent = message || "";
    el.hidden = !message;
  };
  return el;
}

/** Sets a button busy (disabled, aria-busy) while `work` runs. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/** The sentence to show for an API refusal: the server's own (translated)
 * detail first, then ours for the code, then a generic one. */
export function explain(err) {
  if (err && err.code === "network") return t("err.network");
  if (err && err.detail) return err.detail;
  if (err && err.code === "rate_limited") return t("err.rate_limited", { s: err.retryAfter || 10 });
  if (err && has(`err.${err.code}`)) return t(`err.${err.code}`);
  return t("err.generic");
}
