// My account: keep the pseudo with a password, settings, blocked members,
// log out.

import { del, get, patch, post } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, explain, field, formAlert, setFieldError } from "../forms.js";
import { t } from "../i18n.js";
import { state } from "../store.js";

export function accountView(main, _params, ctx) {
  const me = state.me;
  const registered = Boolean(me.has_password ?? me.registered ?? false);
  const summary = h(
    "section",
    { class: "panel profile-summary", "aria-labelledby": "account-title" },
    h("div", { class: "card-head" }, h("span", { class: "avatar", "aria-hidden": "true" }, me.pseudo.slice(0, 1).toUpperCase()), h("h1", { id: "account-title" }, me.pseudo)),
    h(
      "p",
      { class: "facts" },
      [t(`gender.${me.gender}`), t("profile.age", { n: me.age }), me.city?.name, t(me.band === "teen" ? "band.teen" : "band.adult")].filter(Boolean).join(" · "),
    ),
    h("p", { class: "muted" }, registered ? t("account.registered") : t("account.guest"), me.trust_level !== undefined ? ` · ${t("account.trust", { n: me.trust_level })}` : ""),
  );

  const sections = [summary];
  if (!registered) sections.push(upgradeForm());
  sections.push(settings(), blocks());
  const logout = h("button", { type: "button", class: "button" }, t("nav.logout"));
  logout.addEventListener("click", () => busy(logout, () => ctx.signOut()));
  sections.push(h("div", { class: "actions end" }, logout));
  replace(main, h("div", { class: "narrow stack" }, sections));
}

function upgradeForm() {
  const password = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: "8" });
  const email = h("input", { type: "email", autocomplete: "email" });
  const pwField = field(t("field.password"), password);
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button primary" }, t("account.upgrade_submit"));
  const form = h("form", { class: "stack", novalidate: true }, pwField, field(t("field.email"), email), alert, submit);
  const section = h("section", { class: "panel", "aria-labelledby": "upgrade-title" }, h("h2", { id: "upgrade-title" }, t("account.upgrade")), h("p", { class: "muted" }, t("account.upgrade_lead")), form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setFieldError(pwField, password.value ? "" : t("err.required"));
    if (!password.value) return password.focus();
    busy(submit, async () => {
      try {
        const body = { password: password.value };
        if (email.value.trim()) body.email = email.value.trim();
        state.me = await post("/accounts", body);
        replace(section, h("p", { class: "success", role: "status" }, t("account.upgraded")));
      } catch (err) {
        if (err.code === "invalid" || err.code === "password_too_weak") setFieldError(pwField, explain(err));
        else alert.show(explain(err));
      }
    });
  });
  return section;
}

function settings() {
  const saved = h("p", { class: "muted", role: "status" });
  const alert = formAlert();
  const dm = h("select", {}, ["everyone", "nobody"].map((v) => h("option", { value: v }, t(`dm_requests.${v}`))));
  dm.value = state.me.dm_requests || "everyone";
  dm.addEventListener("change", () => save({ dm_requests: dm.value }));
  const nearby = h("input", { type: "checkbox", role: "switch", id: "account-nearby", checked: Boolean(state.me.nearby_visible) });
  nearby.addEventListener("change", () => save({ nearby_visible: nearby.checked }));
  async function save(change) {
    saved.textContent = "";
    alert.show("");
    try {
      state.me = await patch("/me", change);
      saved.textContent = t("account.saved");
    } catch (err) {
      alert.show(explain(err));
    }
  }
  return h(
    "section",
    { class: "panel stack", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, t("account.settings")),
    field(t("account.dm_requests"), dm),
    h("div", { class: "switch-row" }, nearby, h("label", { for: "account-nearby" }, t("nearby.switch"))),
    h("p", { class: "hint" }, t("nearby.explain")),
    saved,
    alert,
  );
}

function blocks() {
  const list = h("ul", { class: "block-list" });
  const section = h("section", { class: "panel", "aria-labelledby": "blocks-title" }, h("h2", { id: "blocks-title" }, t("account.blocks")), list);
  async function load() {
    let rows = [];
    try {
      rows = await get("/blocks");
    } catch {
      rows = [];
    }
    state.blocked = new Set(rows.map((r) => r.user_id));
    if (!rows.length) {
      replace(list, h("li", { class: "muted" }, t("account.no_blocks")));
      return;
    }
    replace(
      list,
      rows.map((row) => {
        const unblock = h("button", { type: "button", class: "button small" }, t("account.unblock"));
        unblock.addEventListener("click", () =>
          busy(unblock, async () => {
            try {
              await del(`/blocks/${encodeURIComponent(row.user_id)}`);
            } finally {
              await load();
            }
          }),
        );
        return h("li", {}, h("span", {}, row.pseudo), unblock);
      }),
    );
  }
  load();
  return section;
}
