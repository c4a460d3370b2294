// What a suspended or banned account sees: what happened, until when, and
// the notices with the statement of reasons and the appeal form. Nothing
// else works for such an account (the server refuses it), so nothing else
// is offered — except the member's own data: export and erasure stay rights.

import { get } from "../api.js";
import { h, replace } from "../dom.js";
import { lang, t } from "../i18n.js";
import { state } from "../store.js";
import { myData } from "./account.js";
import { renderNoticeList } from "./notices.js";

const RECHECK_MS = 30000;

export function suspendedView(main, _params, ctx) {
  const me = state.me;
  const banned = me.status === "banned";
  const until = me.restrictions && typeof me.restrictions.suspended === "string" ? me.restrictions.suspended : null;
  const list = h("div", {});
  replace(
    main,
    h(
      "div",
      { class: "narrow stack" },
      h(
        "section",
        { class: "panel suspended", role: "alert", "aria-labelledby": "suspended-title" },
        h("h1", { id: "suspended-title" }, t(banned ? "suspended.banned_title" : "suspended.title")),
        until ? h("p", { class: "until" }, t("suspended.until", { d: dateTime(until) })) : null,
        h("p", {}, t("suspended.what")),
        h("p", {}, t("suspended.appeal")),
      ),
      h("section", { "aria-labelledby": "suspended-notices" }, h("h2", { id: "suspended-notices" }, t("notices.title")), list),
      myData(main, ctx),
    ),
  );
  const feed = state.notices;
  const render = () => {
    renderNoticeList(list, feed);
    feed.markAllSeen();
  };
  feed.addEventListener("change", render);
  render();
  feed.refresh();
  // A granted appeal or the end of the term gives the account back.
  const timer = setInterval(async () => {
    try {
      const fresh = await get("/me");
      if (fresh.status === "active") ctx.reinstated(fresh);
    } catch {
      /* try again at the next tick */
    }
  }, RECHECK_MS);
  return () => {
    clearInterval(timer);
    feed.removeEventListener("change", render);
  };
}

function dateTime(ts) {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return ts;
  return new Intl.DateTimeFormat(lang(), { dateStyle: "long", timeStyle: "short" }).format(date);
}
