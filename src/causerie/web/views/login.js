// Log in with a password account.

import { post } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, explain, field, formAlert, setFieldError } from "../forms.js";
import { t } from "../i18n.js";

export function loginView(main, _params, ctx) {
  const pseudo = h("input", { type: "text", name: "pseudo", autocomplete: "username", required: true, autocapitalize: "off", spellcheck: "false" });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const fields = { pseudo: field(t("field.pseudo"), pseudo), password: field(t("field.password"), password) };
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button primary big" }, t("login.submit"));
  const form = h(
    "form",
    { class: "stack", novalidate: true, "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, t("login.title")),
    h("p", { class: "lead" }, t("login.lead")),
    fields.pseudo,
    fields.password,
    alert,
    submit,
    h("p", { class: "switch-link" }, t("login.new"), " ", h("a", { href: "#/start" }, t("login.new_link"))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    alert.show("");
    let missing = false;
    for (const [name, wrap] of Object.entries(fields)) {
      const empty = !wrap.control.value;
      setFieldError(wrap, empty ? t("err.required") : "");
      if (empty && !missing) {
        missing = true;
        fields[name].control.focus();
      }
    }
    if (missing) return;
    busy(submit, async () => {
      try {
        const session = await post("/session", { pseudo: pseudo.value.trim(), password: password.value });
        await ctx.signedIn(session.user);
      } catch (err) {
        alert.show(explain(err));
        password.select();
      }
    });
  });
  replace(main, h("div", { class: "narrow panel" }, form));
  pseudo.focus();
}
