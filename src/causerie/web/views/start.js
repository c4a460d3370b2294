// Quick start: pseudo, gender, age, city, the rules, and straight in.

import { post } from "../api.js";
import { cityInput } from "../city.js";
import { h, replace } from "../dom.js";
import { busy, explain, field, formAlert, setFieldError } from "../forms.js";
import { lang, t } from "../i18n.js";

const GENDERS = ["female", "male", "nonbinary", "undisclosed"];

// Which field each refusal belongs to, so the message shows next to it.
const FIELD_OF_CODE = {
  pseudo_taken: "pseudo",
  name_not_allowed: "pseudo",
  too_young: "age",
  unknown_city: "city",
};

export function startView(main, _params, ctx) {
  const pseudo = h("input", { type: "text", name: "pseudo", autocomplete: "nickname", maxlength: "24", required: true, autocapitalize: "off", spellcheck: "false" });
  const gender = h("select", { name: "gender", required: true }, h("option", { value: "" }, t("field.gender.choose")), GENDERS.map((g) => h("option", { value: g }, t(`gender.${g}`))));
  const age = h("input", { type: "number", name: "age", inputmode: "numeric", required: true, min: "1", max: "120" });
  const city = cityInput();
  city.input.name = "city";
  city.input.required = true;

  const fields = {
    pseudo: field(t("field.pseudo"), pseudo, t("field.pseudo.hint")),
    gender: field(t("field.gender"), gender),
    age: field(t("field.age"), age, t("field.age.hint")),
    city: field(t("field.city"), city, t("field.city.hint")),
  };
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button primary big" }, t("start.submit"));
  const form = h(
    "form",
    { class: "stack start-form", novalidate: true, "aria-labelledby": "start-title" },
    fields.pseudo,
    h("div", { class: "row-2" }, fields.gender, fields.age),
    fields.city,
    h("section", { class: "rules", "aria-labelledby": "rules-title" }, h("h2", { id: "rules-title" }, t("start.rules_title")), h("p", {}, t("start.rules"))),
    alert,
    submit,
    h("p", { class: "switch-link" }, t("start.have_account"), " ", h("a", { href: "#/login" }, t("start.login_link"))),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    alert.show("");
    for (const wrap of Object.values(fields)) setFieldError(wrap, "");
    const values = { pseudo: pseudo.value.trim(), gender: gender.value, age: age.value.trim(), city: city.value() };
    const missing = Object.keys(fields).filter((name) => !values[name]);
    for (const name of missing) setFieldError(fields[name], t("err.required"));
    if (missing.length) return fields[missing[0]].control.focus();

    busy(submit, async () => {
      try {
        const session = await post("/session/guest", { ...values, age: Number(values.age), language: lang() });
        await ctx.signedIn(session.user);
      } catch (err) {
        const name = FIELD_OF_CODE[err.code] || (err.code === "invalid" ? invalidField(err) : null);
        if (name && fields[name]) {
          setFieldError(fields[name], explain(err));
          fields[name].control.focus();
        } else {
          alert.show(err.code === "invalid" ? err.detail || t("err.invalid_form") : explain(err));
        }
      }
    });
  });

  const hero = h(
    "section",
    { class: "hero" },
    h("p", { class: "brand-big", "aria-hidden": "true" }, "Causerie"),
    h("h1", { id: "start-title" }, t("start.title")),
    h("p", { class: "lead" }, t("start.lead")),
    h(
      "ul",
      { class: "features" },
      h("li", {}, h("span", { class: "dot rooms", "aria-hidden": "true" }), t("start.feature_rooms")),
      h("li", {}, h("span", { class: "dot nearby", "aria-hidden": "true" }), t("start.feature_nearby")),
      h("li", {}, h("span", { class: "dot safe", "aria-hidden": "true" }), t("start.feature_safe")),
    ),
  );
  // Anyone may notify illegal content, account or not (DSA art. 16; docs/legal.md).
  const legal = h("p", { class: "legal-links" }, h("a", { href: "/notice.html" }, t("legal.notice_link")), " · ", h("a", { href: "/legal.html" }, t("legal.pages_link")));
  replace(main, h("div", { class: "start" }, hero, h("div", { class: "panel" }, form)), legal);
  pseudo.focus();
}

/** The field a 422 `invalid` names: `field` in the problem, or the last
 * element of a FastAPI-style `errors[].loc`. */
function invalidField(err) {
  const body = err.body || {};
  if (typeof body.field === "string") return body.field;
  const first = Array.isArray(body.errors) ? body.errors[0] : null;
  if (first && Array.isArray(first.loc)) return String(first.loc[first.loc.length - 1]);
  if (first && typeof first.field === "string") return first.field;
  return null;
}
