// The public notice form (DSA art. 16): anyone, no account. Posts to
// POST /api/v1/dsa/notices and shows the reference (docs/legal.md).

import { post } from "./api.js";
import { h, replace } from "./dom.js";
import { busy, explain, field, formAlert, setFieldError } from "./forms.js";
import { lang, t } from "./i18n.js";
import { languageSwitch } from "./legal-lang.js";

const REASONS = ["minor_at_risk", "threat", "hate", "harassment", "sexual_content", "meeting_danger", "scam", "personal_data", "spam", "other"];
const ANONYMOUS = new Set(["minor_at_risk"]);

function noticeForm(main) {
  const url = h("input", { type: "url", name: "target_url", required: true, maxlength: "2000", inputmode: "url", autocapitalize: "off", spellcheck: "false" });
  const reason = h("select", { name: "reason", required: true }, h("option", { value: "" }, t("field.gender.choose")), REASONS.map((r) => h("option", { value: r }, t(`reason.${r}`))));
  const explanation = h("textarea", { name: "explanation", required: true, maxlength: "4000", rows: "5" });
  const name = h("input", { type: "text", name: "name", autocomplete: "name", maxlength: "80" });
  const email = h("input", { type: "email", name: "email", autocomplete: "email", maxlength: "254" });
  const goodFaith = h("input", { type: "checkbox", name: "good_faith", id: "good-faith" });
  const fields = {
    target_url: field(t("notice.url"), url, t("notice.url.hint")),
    reason: field(t("notice.reason"), reason),
    explanation: field(t("notice.explanation"), explanation),
    name: field(t("notice.name"), name, t("notice.identity.hint")),
    email: field(t("notice.email"), email, t("notice.identity.hint")),
  };
  const faith = h("div", { class: "field" }, h("label", { class: "check" }, goodFaith, " ", t("notice.good_faith")));
  const alert = formAlert();
  const done = h("p", { class: "success", role: "status" });
  const submit = h("button", { type: "submit", class: "button primary big" }, t("notice.submit"));
  const form = h("form", { class: "stack panel", novalidate: true, "aria-labelledby": "notice-title" }, Object.values(fields), faith, alert, submit);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    alert.show("");
    done.textContent = "";
    for (const wrap of Object.values(fields)) setFieldError(wrap, "");
    const values = {
      target_url: url.value.trim(),
      reason: reason.value,
      explanation: explanation.value.trim(),
      name: name.value.trim() || null,
      email: email.value.trim() || null,
      good_faith: goodFaith.checked,
      lang: lang(),
    };
    const required = ["target_url", "reason", "explanation"];
    if (!ANONYMOUS.has(values.reason)) required.push("name", "email");
    const missing = required.filter((key) => !values[key]);
    for (const key of missing) setFieldError(fields[key], t("err.required"));
    if (missing.length) return fields[missing[0]].control.focus();
    if (!values.good_faith) {
      alert.show(t("notice.good_faith_missing"));
      return goodFaith.focus();
    }
    busy(submit, async () => {
      try {
        const { reference } = await post("/dsa/notices", values);
        form.reset();
        done.textContent = t("notice.done", { ref: reference });
        done.focus?.();
      } catch (err) {
        const named = err.body && typeof err.body.field === "string" ? fields[err.body.field] : null;
        if (named) {
          setFieldError(named, explain(err));
          named.control.focus();
        } else {
          alert.show(explain(err));
        }
      }
    });
  });
  return [form, done];
}

const main = document.getElementById("app");
document.title = `${t("notice.title")} · Causerie`;
replace(
  main,
  languageSwitch(),
  h("h1", { id: "notice-title" }, t("notice.title")),
  h("p", { class: "lead" }, t("notice.lead")),
  h("p", { class: "alert", role: "note" }, t("notice.emergency")),
  noticeForm(main),
  h("p", {}, h("a", { href: "/legal.html" }, t("legal.pages_link")), " · ", h("a", { href: "/" }, t("legal.back"))),
);
