// What a suspended or banned account sees: what happened, until when, where
// an appeal stands, and the notices with the statement of reasons and the
// appeal form. Nothing else works for such an account (the server refuses
// it), so nothing else is offered — except the member's own data: export
// and erasure stay rights. The page follows the appeal: pending, then
// reduced (new term shown), rejected, or granted (the account comes back).

import { get } from "../api.js";
import { h, replace } from "../dom.js";
import { formAlert } from "../forms.js";
import { locale, t } from "../i18n.js";
import { state } from "../store.js";
import { myData } from "./account.js";
import { renderNoticeList } from "./notices.js";
import { statusPanel } from "./plus.js";

const RECHECK_MS = 30000;
// While an appeal waits, its outcome is looked for more often (a suspended
// account has no live socket: the server closes it with 4003).
const PENDING_MS = 10000;

export function suspendedView(main, _params, ctx) {
  const head = h("section", { class: "panel suspended", role: "alert", "aria-labelledby": "suspended-title" });
  const list = h("div", {});
  // A subscriber keeps the way to stop paying (the server lets a suspended
  // account reach the provider's portal, and nothing else of Causerie+).
  const billing = state.me && state.me.premium && state.me.premium.plan ? [formAlert()] : [];
  if (billing.length) billing.push(statusPanel(state.me, billing[0]));
  replace(
    main,
    h("div", { class: "narrow stack" }, head, h("section", { "aria-labelledby": "suspended-notices" }, h("h2", { id: "suspended-notices" }, t("notices.title")), list), ...billing, myData(main, ctx)),
  );
  const feed = state.notices;
  let shown = appealState(feed);
  let closed = false;
  const renderHead = () => {
    const me = state.me;
    const banned = me.status === "banned";
    const until = me.restrictions && typeof me.restrictions.suspended === "string" ? me.restrictions.suspended : null;
    const appeal = appealState(feed);
    replace(
      head,
      h("h1", { id: "suspended-title" }, t(banned ? "suspended.banned_title" : "suspended.title")),
      until ? h("p", { class: "until" }, t("suspended.until", { d: dateTime(until) })) : null,
      h("p", {}, t("suspended.what")),
      appeal && appeal !== "granted" ? h("p", { class: `appeal-state ${appeal}`, role: "status" }, t(`suspended.appeal_${appeal}`)) : h("p", {}, t("suspended.appeal")),
    );
  };
  // Who I am now: after a decision on the appeal the term or the status changed.
  const recheck = async () => {
    try {
      const fresh = await get("/me");
      if (closed) return;
      if (fresh.status === "active") return ctx.reinstated(fresh);
      state.me = fresh;
      renderHead();
    } catch {
      /* try again at the next tick */
    }
  };
  const render = () => {
    renderNoticeList(list, feed);
    feed.markAllSeen();
    const now = appealState(feed);
    if (now !== shown) {
      shown = now;
      if (now && now !== "pending") recheck();
    }
    renderHead();
  };
  feed.addEventListener("change", render);
  render();
  feed.refresh();
  const timer = setInterval(recheck, RECHECK_MS);
  const pending = setInterval(() => {
    if (appealState(feed) === "pending") feed.refresh();
  }, PENDING_MS);
  return () => {
    closed = true;
    clearInterval(timer);
    clearInterval(pending);
    feed.removeEventListener("change", render);
  };
}

/** Where the appeal of the newest appealed sanction stands (or null). */
function appealState(feed) {
  const appealed = (feed.notices || []).find((n) => n.kind === "sanction" && n.appeal);
  return appealed ? appealed.appeal : null;
}

function dateTime(ts) {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return ts;
  // With its zone: the statement of reasons below gives the same deadline
  // in UTC, and two unmarked times for one deadline read as two deadlines.
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(date);
}
