// Causerie+: the plans, what they give, the never-for-sale promise in plain
// words, checkout and the provider's portal to manage or cancel
// (docs/premium.md). Perks are cosmetic or comfort only: a badge, themes.

import { ApiError, get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, explain, formAlert } from "../forms.js";
import { locale, t } from "../i18n.js";
import { state } from "../store.js";

export const THEMES = ["classic", "lagoon", "forest", "dawn"];
const THEME_KEY = "causerie.theme";

/** The chosen theme, applied only while the member has Causerie+. */
export function applyTheme() {
  let chosen = "classic";
  try {
    chosen = localStorage.getItem(THEME_KEY) || "classic";
  } catch {
    /* storage may be off: the classic theme then */
  }
  const allowed = Boolean(state.me && state.me.premium) && THEMES.includes(chosen);
  document.documentElement.dataset.theme = allowed ? chosen : "classic";
}

function chooseTheme(name) {
  try {
    localStorage.setItem(THEME_KEY, name);
  } catch {
    /* the choice lasts for this page only */
  }
  applyTheme();
}

const price = (amount) => new Intl.NumberFormat(locale() === "en" ? "en-GB" : "fr-FR", { style: "currency", currency: "EUR" }).format(amount / 100);
const day = (iso) => new Intl.DateTimeFormat(locale() === "en" ? "en-GB" : "fr-FR", { dateStyle: "long" }).format(new Date(iso));

export function plusView(main, _params, _ctx, attempt = 0) {
  const alert = formAlert();
  replace(main, h("div", { class: "narrow stack" }, h("h1", {}, t("plus.title")), h("p", { class: "muted" }, t("plus.loading"))));
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  Promise.all([get("/premium"), get("/me")])
    .then(([offer, me]) => {
      state.me = { ...state.me, ...me };
      applyTheme();
      // Back from the provider's checkout: the webhook may land a moment
      // after us. Look again for a little while instead of offering to pay twice.
      if (params.has("paid") && !me.premium && attempt < 10 && location.hash.startsWith("#/plus")) {
        setTimeout(() => {
          if (location.hash.startsWith("#/plus")) plusView(main, _params, _ctx, attempt + 1);
        }, 2000);
      }
      const sections = [h("h1", {}, t("plus.title")), h("p", { class: "lead" }, t("plus.lead"))];
      if (params.has("paid")) sections.push(h("p", { class: "notice", role: "status" }, t("plus.thanks")));
      if (params.has("cancelled")) sections.push(h("p", { class: "notice", role: "status" }, t("plus.cancelled")));
      sections.push(alert);
      sections.push(statusPanel(me, alert));
      if (!me.premium) sections.push(plansPanel(offer, me, alert));
      if (me.premium) sections.push(themesPanel());
      sections.push(promisePanel(offer));
      replace(main, h("div", { class: "narrow stack plus" }, sections));
    })
    .catch((error) => {
      replace(main, h("div", { class: "narrow stack" }, h("h1", {}, t("plus.title")), alert));
      alert.show(explain(error));
    });
}

/** What the member has, and the provider's portal to manage or cancel it
 * (also on the suspended page: a suspended subscriber can still stop paying). */
export function statusPanel(me, alert) {
  if (!me.premium) {
    return h("section", { class: "panel", "aria-labelledby": "plus-status" }, h("h2", { id: "plus-status" }, t("plus.status")), h("p", {}, t("plus.none")));
  }
  const p = me.premium;
  const manage = h("button", { type: "button", class: "button", "data-action": "portal" }, t("plus.manage"));
  manage.addEventListener("click", () =>
    busy(manage, async () => {
      try {
        const { url } = await post("/premium/portal");
        location.assign(url);
      } catch (error) {
        alert.show(explain(error));
      }
    }),
  );
  const line = p.cancel_at_period_end ? t("plus.ends", { date: day(p.until) }) : t("plus.renews", { date: day(p.until) });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "plus-status" },
    h("h2", { id: "plus-status" }, h("span", { class: "plus-badge", "aria-hidden": "true" }, "+"), " ", t("plus.active")),
    h("p", { class: "plus-until" }, line),
    p.plan ? h("div", { class: "actions" }, manage) : h("p", { class: "muted" }, t("plus.granted")),
  );
}

function plansPanel(offer, me, alert) {
  if (me.band === "teen") {
    return h("section", { class: "panel" }, h("p", {}, t("plus.adults_only")));
  }
  if (!offer.configured) {
    return h("section", { class: "panel" }, h("p", { class: "muted", "data-state": "not-configured" }, t("plus.not_configured")));
  }
  const perks = h("ul", { class: "perks" }, offer.perks.map((perk) => h("li", {}, perk.text)));
  const cards = offer.plans
    .filter((plan) => plan.available !== false)
    .map((plan) => {
      const buy = h("button", { type: "button", class: "button primary", "data-plan": plan.id }, t("plus.choose"));
      buy.addEventListener("click", () =>
        busy(buy, async () => {
          try {
            const { url } = await post("/premium/checkout", { plan: plan.id });
            location.assign(url);
          } catch (error) {
            if (error instanceof ApiError) alert.show(explain(error));
            else throw error;
          }
        }),
      );
      return h("li", { class: "plan" }, h("h3", {}, t(`plus.interval.${plan.interval}`)), h("p", { class: "price" }, price(plan.price.amount)), buy);
    });
  return h("section", { class: "panel", "aria-labelledby": "plus-plans" }, h("h2", { id: "plus-plans" }, t("plus.plans")), perks, h("ul", { class: "plans" }, cards));
}

function themesPanel() {
  const current = document.documentElement.dataset.theme || "classic";
  const choices = THEMES.map((name) => {
    const input = h("input", { type: "radio", name: "theme", value: name, id: `theme-${name}` });
    input.checked = name === current;
    input.addEventListener("change", () => chooseTheme(name));
    return h("li", {}, input, h("label", { for: `theme-${name}`, class: `swatch swatch-${name}` }, t(`plus.theme.${name}`)));
  });
  return h("section", { class: "panel", "aria-labelledby": "plus-themes" }, h("h2", { id: "plus-themes" }, t("plus.themes")), h("ul", { class: "themes" }, choices));
}

function promisePanel(offer) {
  return h(
    "section",
    { class: "panel promise", "aria-labelledby": "plus-never" },
    h("h2", { id: "plus-never" }, t("plus.never_title")),
    h("p", {}, t("plus.never_lead")),
    h("ul", {}, offer.never_for_sale.map((line) => h("li", {}, line))),
  );
}
