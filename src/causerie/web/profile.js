// The profile card: who this is, and "private message", "block", "report".

import { ApiError, get, post } from "./api.js";
import { h, replace } from "./dom.js";
import { busy, explain, field, formAlert, setFieldError } from "./forms.js";
import { t } from "./i18n.js";
import { state } from "./store.js";
import { progressOf } from "./trust.js";

const REASONS = [
  "harassment",
  "hate",
  "sexual_content",
  "minor_at_risk",
  "threat",
  "meeting_danger",
  "spam",
  "scam",
  "personal_data",
  "other",
];

let dialog = null;

function ensureDialog() {
  if (dialog) return dialog;
  dialog = h("dialog", { class: "card-dialog", "aria-labelledby": "profile-title" });
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // click on the backdrop
  });
  document.body.append(dialog);
  return dialog;
}

export function closeProfile() {
  if (dialog && dialog.open) dialog.close();
}

/**
 * Opens the card for `user` ({id, pseudo}); `message` (optional, {id}) is
 * the message the card was opened from, which "report" then targets.
 * `onBlocked(user)` lets the current view hide that person at once.
 */
export function openProfile(user, { message = null, onBlocked = () => {} } = {}) {
  const dlg = ensureDialog();
  const body = h("div", { class: "card-body" });
  const title = h("h2", { id: "profile-title" }, user.pseudo);
  const closeBtn = h("button", { type: "button", class: "icon-button close", "aria-label": t("profile.close"), onclick: () => dlg.close() }, "×");
  replace(dlg, h("div", { class: "card-head" }, h("span", { class: "avatar", "aria-hidden": "true" }, initial(user.pseudo)), title, closeBtn), body);
  if (!dlg.open) dlg.showModal();

  const isMe = state.me && state.me.id === user.id;
  const facts = h("p", { class: "facts" });
  const actions = h("div", { class: "actions" });
  const panel = h("div", { class: "card-panel" });
  replace(body, facts, actions, panel);

  const loaded = get(`/users/${encodeURIComponent(user.id)}`);
  loaded.then(
    (profile) => {
      const parts = [];
      if (profile.gender) parts.push(t(`gender.${profile.gender}`));
      if (profile.age) parts.push(t("profile.age", { n: profile.age }));
      if (profile.city && profile.city.name) parts.push(profile.city.name);
      facts.textContent = parts.join(" · ");
      if (profile.bio) body.insertBefore(h("p", { class: "bio" }, profile.bio), actions);
      // Causerie+ badge: cosmetic only (docs/premium.md).
      if (profile.badge === "plus") title.append(" ", h("span", { class: "plus-badge", title: t("plus.badge"), "aria-label": t("plus.badge") }, "+"));
    },
    () => {
      facts.textContent = t("profile.unavailable");
    },
  );

  if (isMe) {
    append(actions, h("p", { class: "muted" }, t("profile.yourself")));
    return;
  }
  // The private-message button waits until we know whether it can work:
  // the lock (and how far I am from lifting it) or the other person's
  // "no requests" choice is shown before anyone types a word.
  const dmBtn = h("button", { type: "button", class: "button primary", disabled: true, onclick: () => showDmForm(user, panel) }, t("profile.dm"));
  const blockBtn = h("button", { type: "button", class: "button", onclick: () => showBlockConfirm(user, panel, onBlocked) }, t("profile.block"));
  const reportBtn = h("button", { type: "button", class: "button danger-outline", onclick: () => showReportForm(user, message, panel) }, t("profile.report"));
  const dmState = h("div", { class: "dm-state" });
  replace(actions, dmBtn, blockBtn, reportBtn);
  body.insertBefore(dmState, actions);
  blockBtn.focus();
  Promise.all([loaded, get("/me")]).then(
    ([profile, me]) => {
      state.me = { ...state.me, ...me };
      if (!dlg.open) return;
      replace(dmState, ...dmStateOf(profile, me));
      dmBtn.disabled = profile.accepts_requests === false || !mayOpenPrivate(me);
      if (!dmBtn.disabled) dmBtn.focus();
    },
    () => {
      // Without the facts, let the server decide (and say why) on send.
      dmBtn.disabled = false;
    },
  );
}

/** `capabilities` absent (older server): the server decides on send. */
export function mayOpenPrivate(me) {
  return !Array.isArray(me.capabilities) || me.capabilities.includes("open_private");
}

/** What the card says about writing privately to `profile`, before any typing. */
function dmStateOf(profile, me) {
  if (profile.accepts_requests === false) {
    return [h("p", { class: "notice no-requests" }, t("profile.no_requests", { p: profile.pseudo }))];
  }
  if (mayOpenPrivate(me)) return [];
  const next = me.next_level;
  // The level named is the one whose `unlocks` lists private conversations.
  const opensAt = next && (next.unlocks || []).includes("open_private") ? next.level : null;
  const lock = opensAt === null ? t("profile.dm_locked_plain") : t("profile.dm_locked", { n: opensAt });
  const lines = [h("p", { class: "lock-title" }, h("span", { "aria-hidden": "true" }, "🔒 "), lock)];
  if (next && next.how === "time_and_messages") {
    lines.push(progressOf(next));
  } else if (next && next.how === "sanction_in_force") {
    lines.push(h("p", {}, t("trust.locked")));
  }
  lines.push(h("p", { class: "hint" }, t("profile.dm_locked_receive"), " ", h("a", { href: "#/account", onclick: () => closeProfile() }, t("profile.see_account"))));
  return [h("div", { class: "dm-lock" }, lines)];
}

function append(parent, child) {
  parent.append(child);
}

function initial(pseudo) {
  return (pseudo || "?").slice(0, 1).toUpperCase();
}

function showDmForm(user, panel) {
  const text = h("textarea", { rows: "3", maxlength: "2000", required: true });
  const textField = field(t("profile.first_message"), text, t("profile.request_info", { p: user.pseudo }));
  const alert = formAlert();
  const send = h("button", { type: "submit", class: "button primary" }, t("profile.send_request"));
  const form = h("form", { class: "stack", novalidate: true }, textField, alert, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!text.value.trim()) return text.focus();
    busy(send, async () => {
      try {
        const room = await post("/conversations", { user_id: user.id, text: text.value });
        await state.inbox?.refresh();
        closeProfile();
        location.hash = `#/room/${room.id}`;
      } catch (err) {
        if (err instanceof ApiError && err.code === "conversation_exists" && err.body.room_id) {
          closeProfile();
          location.hash = `#/room/${err.body.room_id}`;
          return;
        }
        alert.show(explain(err));
      }
    });
  });
  replace(panel, form);
  text.focus();
}

function showBlockConfirm(user, panel, onBlocked) {
  const alert = formAlert();
  const yes = h("button", { type: "button", class: "button danger" }, t("profile.block_yes"));
  const no = h("button", { type: "button", class: "button", onclick: () => replace(panel) }, t("profile.cancel"));
  yes.addEventListener("click", () =>
    busy(yes, async () => {
      try {
        await post("/blocks", { user_id: user.id });
        state.blocked.add(user.id);
        onBlocked(user);
        replace(panel, h("p", { class: "success", role: "status" }, t("profile.blocked", { p: user.pseudo })));
      } catch (err) {
        alert.show(explain(err));
      }
    }),
  );
  replace(panel, h("div", { class: "stack" }, h("p", {}, t("profile.block_confirm", { p: user.pseudo })), alert, h("div", { class: "actions" }, yes, no)));
  yes.focus();
}

function showReportForm(user, message, panel) {
  const reason = h("select", { required: true }, h("option", { value: "" }, t("report.choose")), REASONS.map((r) => h("option", { value: r }, t(`reason.${r}`))));
  const details = h("textarea", { rows: "3", maxlength: "2000" });
  const alert = formAlert();
  const send = h("button", { type: "submit", class: "button danger" }, t("report.send"));
  const heading = message ? t("report.title_message") : t("report.title_user", { p: user.pseudo });
  const reasonField = field(t("report.reason"), reason);
  const form = h("form", { class: "stack", novalidate: true }, h("h3", {}, heading), h("p", { class: "hint" }, t("report.lead")), reasonField, field(t("report.details"), details), alert, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setFieldError(reasonField, reason.value ? "" : t("report.reason_missing"));
    if (!reason.value) return reason.focus();
    busy(send, async () => {
      const target = message ? { target_type: "message", target_id: message.id } : { target_type: "user", target_id: user.id };
      /** @type {Record<string, string>} */
      const body = { ...target, reason: reason.value };
      if (details.value.trim()) body.details = details.value.trim();
      try {
        await post("/reports", body);
        replace(panel, h("p", { class: "success", role: "status" }, t("report.sent")));
      } catch (err) {
        if (err.status === 404 || err.status === 405 || err.status === 501) {
          replace(panel, h("p", { class: "muted", role: "status" }, t("report.soon")));
        } else {
          alert.show(explain(err));
        }
      }
    });
  });
  replace(panel, form);
  reason.focus();
}
