// The DSA transparency report (docs/transparency.md) as tables: a tab of the
// moderation pages. The figures are the server's; this only lays them out,
// with the same labels as the queue (reasons, actions, targets).

import { get } from "../api.js";
import { h, replace, uid } from "../dom.js";
import { busy, explain, field, formAlert } from "../forms.js";
import { has, loadPart, locale, t } from "../i18n.js";
import { modelCategory } from "../signal-names.js";

// The console's words are a part of the catalogue of their own (i18n.js).
await loadPart("moderation");

const PATH = "/moderation/transparency";

export function transparencyPanel() {
  const from = h("input", { type: "date", name: "from" });
  const to = h("input", { type: "date", name: "to" });
  const alert = formAlert();
  const submit = h("button", { type: "submit", class: "button" }, t("tr.show"));
  const out = h("div", { class: "stack", "aria-live": "polite" });
  const form = h("form", { class: "stack", novalidate: true }, field(t("tr.from"), from), field(t("tr.to"), to, t("tr.to_hint")), alert, submit);

  async function load() {
    const params = new URLSearchParams();
    if (from.value) params.set("from", from.value);
    if (to.value) params.set("to", to.value);
    const query = params.toString() ? `?${params}` : "";
    alert.show("");
    await busy(submit, async () => {
      try {
        render(out, await get(PATH + query), query);
      } catch (err) {
        replace(out);
        alert.show(explain(err));
      }
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  load();
  return h("section", { class: "panel transparency", "aria-labelledby": "tr-title" }, h("h2", { id: "tr-title" }, t("mod.queue.transparency")), h("p", { class: "hint" }, t("tr.lead")), form, out);
}

function render(out, report, query) {
  const last = new Date(`${report.period.to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const notices = report.notices;
  const held = report.own_initiative.filter;
  const auto = report.own_initiative.automatic_cases;
  const appeals = report.appeals;
  replace(
    out,
    h("p", { class: "tr-period" }, t("tr.period", { from: day(report.period.from), to: day(last.toISOString().slice(0, 10)) }), report.period.complete ? "" : ` ${t("tr.partial")}`),
    // The same document, for publication or an archive (GET: the cookie is enough).
    h("p", {}, h("a", { href: `/api/v1${PATH}${query}`, download: `transparency-${report.period.from}-${report.period.to}.json` }, t("tr.json"))),
    table("tr.orders", [[t("tr.orders.removal"), report.authority_orders.removal_orders], [t("tr.orders.information"), report.authority_orders.information_orders]], t("tr.orders.hint")),
    table("tr.notices", [
      [t("tr.received"), notices.received],
      [t("tr.decided"), notices.decided],
      [t("tr.median"), hours(notices.median_seconds_to_decision)],
      [t("tr.pending"), notices.pending_at_end],
    ]),
    table("tr.by_reason", rows(notices.by_reason, reasonLabel)),
    table("tr.by_target", rows(notices.by_target, (k) => label("mod.target", k))),
    table("tr.notice_actions", rows(notices.actions, (k) => label("mod.action", k))),
    table("tr.filter", [
      [t("tr.checked"), held.checked],
      [t("tr.held"), held.held],
      [t("tr.released"), held.held_outcome.released],
      [t("tr.deleted"), held.held_outcome.deleted],
      [t("tr.awaiting"), held.held_outcome.awaiting_review],
      [t("tr.masked"), held.masked.messages],
      [t("tr.blocked"), held.blocked.messages],
    ]),
    Object.keys(held.held_by_reason).length ? table("tr.filter_reasons", rows(held.held_by_reason, reasonLabel)) : null,
    Object.keys(held.masked.by_reason).length ? table("tr.masked_reasons", rows(held.masked.by_reason, reasonLabel)) : null,
    Object.keys(held.blocked.by_reason).length ? table("tr.blocked_reasons", rows(held.blocked.by_reason, reasonLabel)) : null,
    table("tr.automatic", [
      [t("tr.opened"), auto.opened],
      [t("tr.decided"), auto.decided],
      [t("tr.median"), hours(auto.median_seconds_to_decision)],
      [t("tr.pending"), auto.pending_at_end],
      ...rows(auto.by_reason, reasonLabel),
    ]),
    table("tr.automatic_actions", rows(auto.actions, (k) => label("mod.action", k))),
    table("tr.appeals", [
      [t("tr.received"), appeals.received],
      [t("tr.decided"), appeals.decided],
      [t("tr.granted"), appeals.granted],
      [t("tr.rejected"), appeals.rejected],
      [t("tr.reduced"), appeals.reduced ?? 0],
      [t("tr.median"), hours(appeals.median_seconds_to_decision)],
      [t("tr.pending"), appeals.pending_at_end],
      ...rows(appeals.by_appealed_action, (k) => t("tr.appealed", { a: k === "unknown" ? t("tr.unknown_action") : label("mod.action", k) })),
    ]),
    table("tr.accounts", rows(report.accounts_restricted, (k) => label("mod.action", k))),
    h("section", { class: "stack" }, h("h3", {}, t("tr.not_tracked")), h("ul", { class: "plain-list" }, report.not_tracked.map((item) => h("li", {}, h("code", {}, item.figure), " — ", has(`tr.nt.${item.figure}`) ? t(`tr.nt.${item.figure}`) : item.why)))),
  );
}

/** Figures under their own heading, as label/value pairs: the two-column
 * grid the notices already use (one column on a phone). */
function table(titleKey, body, hint) {
  const id = uid("tr");
  return h(
    "section",
    { class: "tr-table stack", "aria-labelledby": id },
    h("h3", { id }, t(titleKey)),
    h("dl", { class: "notice-facts" }, body.map(([name, value]) => [h("dt", {}, name), h("dd", {}, figure(value))])),
    hint ? h("p", { class: "hint" }, hint) : null,
  );
}

function rows(counts, name) {
  return Object.entries(counts || {}).map(([key, n]) => [name(key), n]);
}

function figure(value) {
  if (value === null || value === undefined) return t("tr.not_tracked_value");
  return typeof value === "number" ? new Intl.NumberFormat(locale()).format(value) : value;
}

function hours(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  return t("mod.hours", { n: new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(seconds / 3600) });
}

function day(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value ?? "");
}

function reasonLabel(reason) {
  if (has(`reason.${reason}`)) return t(`reason.${reason}`);
  if (has(`signal.${reason}`)) return t(`signal.${reason}`);
  const category = modelCategory(reason); // the filter's holds: model:<category>
  if (category !== null && has(`signal.${category}`)) return t("signal.model", { what: t(`signal.${category}`) });
  return reason;
}
