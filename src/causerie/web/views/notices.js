// Notifications: statements of reasons for sanctions (the facts, the rule,
// how to appeal), outcomes of my reports and appeals, safety notices, with
// an appeal form on every appealable notice.

import { post } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, explain, field, formAlert } from "../forms.js";
import { locale, t } from "../i18n.js";
import { state } from "../store.js";

const KINDS = new Set(["sanction", "report_outcome", "safety", "appeal_outcome"]);

export function noticesView(main) {
  const feed = state.notices;
  const body = h("div", { class: "notice-list-wrap" });
  replace(main, h("div", { class: "narrow stack" }, h("h1", {}, t("notices.title")), h("p", { class: "muted" }, t("notices.lead")), body));
  const render = () => {
    renderNoticeList(body, feed);
    feed.markAllSeen();
  };
  feed.addEventListener("change", render);
  if (feed.loaded) render();
  feed.refresh();
  return () => feed.removeEventListener("change", render);
}

/** Renders every notice of `feed` into `container` (also used by the
 * suspended page, which must show the decision and the way to appeal). */
export function renderNoticeList(container, feed) {
  if (!feed.loaded) {
    replace(container, h("p", { class: "muted" }, t("notices.loading")));
    return;
  }
  if (!feed.notices.length) {
    replace(container, h("p", { class: "empty" }, t("notices.empty")));
    return;
  }
  const mark = feed.seenMark();
  // Keep an open appeal form (and what was typed), or the word that the
  // appeal was just received, across a refresh.
  const open = new Map();
  for (const article of container.querySelectorAll("article[data-id]")) {
    const kept = article.querySelector("form.appeal-form, .appeal-sent");
    if (kept) open.set(article.dataset.id, kept.closest(".appeal-slot"));
  }
  replace(
    container,
    h("ol", { class: "notice-list" }, feed.notices.map((notice) => h("li", {}, noticeCard(notice, !mark || notice.created_at > mark, open.get(notice.id))))),
  );
}

function noticeCard(notice, unread, keptSlot) {
  const kind = KINDS.has(notice.kind) ? notice.kind : "safety";
  const details = [];
  if (notice.facts) details.push(h("dt", {}, t("notices.facts")), h("dd", {}, notice.facts));
  if (notice.rule) details.push(h("dt", {}, t("notices.rule")), h("dd", {}, notice.rule));
  // The word that an appeal was received is kept only until it is decided:
  // then the card says how it ended (the suspended page follows it live).
  if (keptSlot && notice.appeal && notice.appeal !== "pending") keptSlot = undefined;
  const slot = keptSlot || h("div", { class: "appeal-slot" });
  if (!keptSlot && notice.appeal) {
    // Where the appeal stands, in place of the way to appeal (once only).
    replace(slot, h("p", { class: `appeal-state ${notice.appeal}` }, t(`notices.appeal.${notice.appeal}`)));
  } else if (!keptSlot && notice.appealable) {
    const start = h("button", { type: "button", class: "button" }, t("appeal.start"));
    start.addEventListener("click", () => showAppealForm(notice, slot));
    replace(slot, h("p", { class: "hint" }, t("appeal.how")), start);
  }
  return h(
    "article",
    { class: `notice-card ${kind}${unread ? " unread" : ""}`, dataset: { id: notice.id }, "aria-labelledby": `notice-${notice.id}` },
    h(
      "header",
      { class: "notice-head" },
      h("h2", { id: `notice-${notice.id}` }, t(`notices.kind.${kind}`)),
      unread ? h("span", { class: "tag" }, t("notices.new")) : null,
      h("time", { datetime: notice.created_at }, when(notice.created_at)),
    ),
    // The decision in one sentence: the facts and the rule follow, labelled,
    // and the way to appeal below — each said once (the full statement of
    // reasons is `text`, for clients that show it alone).
    h("p", { class: "notice-text" }, details.length && notice.summary ? notice.summary : notice.text),
    details.length ? h("dl", { class: "notice-facts" }, details) : null,
    slot,
  );
}

function showAppealForm(notice, slot) {
  const text = h("textarea", { rows: "4", maxlength: "8000", required: true });
  const textField = field(t("appeal.text"), text, t("appeal.text_hint"));
  const alert = formAlert();
  const send = h("button", { type: "submit", class: "button primary" }, t("appeal.send"));
  const cancel = h("button", { type: "button", class: "button" }, t("profile.cancel"));
  const form = h("form", { class: "stack appeal-form", novalidate: true }, textField, alert, h("div", { class: "actions" }, send, cancel));
  cancel.addEventListener("click", () => {
    const again = h("button", { type: "button", class: "button" }, t("appeal.start"));
    again.addEventListener("click", () => showAppealForm(notice, slot));
    replace(slot, h("p", { class: "hint" }, t("appeal.how")), again);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      alert.show(t("appeal.empty"));
      return text.focus();
    }
    busy(send, async () => {
      try {
        await post("/appeals", { notice_id: notice.id, text: text.value.trim() });
        replace(slot, h("p", { class: "success appeal-sent", role: "status" }, t("appeal.sent")));
        // The pages that follow the appeal (the suspended page) learn it is pending.
        state.notices?.refresh();
      } catch (err) {
        alert.show(err.code === "already_appealed" ? t("appeal.already") : explain(err));
      }
    });
  });
  replace(slot, form);
  text.focus();
}

function when(ts) {
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
}
