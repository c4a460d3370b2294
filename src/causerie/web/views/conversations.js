// Private conversations: requests waiting for my answer first, then open
// conversations with unread counts, then what I sent and what was declined.

import { get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { busy, explain, formAlert } from "../forms.js";
import { locale, t } from "../i18n.js";
import { state } from "../store.js";

const SECTIONS = [
  ["pending_my_answer", "conv.requests"],
  ["open", "conv.open"],
  ["requested", "conv.sent"],
  ["declined", "conv.declined"],
];

export function conversationsView(main) {
  const inbox = state.inbox;
  const body = h("div", { class: "conv-sections" });
  const previews = new Map(); // room id -> first message text, for requests
  // Search: the rooms I may read and my own conversations (GET /search).
  const query = h("input", { type: "search", id: "search-q", minlength: "2", maxlength: "100", autocomplete: "off" });
  const searchAlert = formAlert();
  const results = h("ul", { class: "conv-list search-results", "aria-live": "polite" });
  const searchBtn = h("button", { type: "submit", class: "button small" }, t("search.submit"));
  const searchForm = h("form", { class: "panel stack", role: "search" }, h("label", { for: "search-q" }, t("search.label")), h("div", { class: "search-row" }, query, searchBtn), searchAlert, results);
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    // Characters as the server counts them: one emoji is one, not two
    // UTF-16 units (a lone emoji used to reach the server and be refused).
    if ([...query.value.trim()].length < 2) {
      searchAlert.show(t("search.too_short"));
      return;
    }
    busy(searchBtn, async () => {
      searchAlert.show("");
      try {
        const found = await get(`/search?q=${encodeURIComponent(query.value.trim())}`);
        const nameOf = (roomId) => (inbox.find(roomId) || state.rooms.find((r) => r.id === roomId) || {}).name || "";
        replace(
          results,
          found.results.length
            ? found.results.map((m) => h("li", { class: "conv" }, h("a", { class: "conv-link", href: `#/room/${encodeURIComponent(m.room)}` }, h("span", { class: "conv-name" }, nameOf(m.room), h("span", { class: "conv-last" }, `${m.author.pseudo} : ${m.text}`)))))
            : h("li", { class: "muted" }, t("search.none")),
        );
      } catch (err) {
        searchAlert.show(explain(err));
      }
    });
  });
  replace(main, h("div", { class: "narrow" }, h("h1", {}, t("conv.title")), searchForm, body));

  function item(room) {
    const unread = inbox.unreadIn(room.id);
    const link = h(
      "a",
      { class: "conv-link", href: `#/room/${encodeURIComponent(room.id)}` },
      h("span", { class: "avatar small", "aria-hidden": "true" }, (room.name || "?").slice(0, 1).toUpperCase()),
      h("span", { class: "conv-name" }, room.name, lastLine(room)),
      room.last_message_at ? h("time", { class: "conv-time", datetime: room.last_message_at }, when(room.last_message_at)) : null,
      unread ? h("span", { class: "badge", "aria-label": t("conv.unread", { n: unread }) }, String(unread)) : null,
    );
    const li = h("li", { class: `conv ${room.state}` }, link);
    if (room.state === "pending_my_answer") {
      const preview = h("p", { class: "preview" }, previews.get(room.id) || "");
      if (!previews.has(room.id)) loadPreview(room.id);
      const alert = formAlert();
      const accept = h("button", { type: "button", class: "button primary small" }, t("dm.accept"));
      const decline = h("button", { type: "button", class: "button small" }, t("dm.decline"));
      accept.addEventListener("click", () => busy(accept, () => answer(room, "accept", alert)));
      decline.addEventListener("click", () => busy(decline, () => answer(room, "decline", alert)));
      li.append(preview, h("div", { class: "actions" }, accept, decline), alert);
    }
    return li;
  }

  /** The last message, one line: "Toi : …" when it is mine. */
  function lastLine(room) {
    const last = room.last_message;
    if (!last) return null;
    const text = last.text || (last.image ? t("conv.photo") : "");
    const mine = last.author && state.me && last.author.id === state.me.id;
    return h("span", { class: "conv-last" }, mine ? t("conv.you", { text }) : text);
  }

  /** Today: the hour; before: the day. */
  function when(ts) {
    const date = new Date(ts);
    const today = new Date().toDateString() === date.toDateString();
    /** @type {Intl.DateTimeFormatOptions} */
    const format = today ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short" };
    return new Intl.DateTimeFormat(locale(), format).format(date);
  }

  async function loadPreview(roomId) {
    previews.set(roomId, "");
    try {
      const page = await get(`/rooms/${encodeURIComponent(roomId)}/messages?limit=1`);
      const last = page.messages && page.messages[page.messages.length - 1];
      if (last) {
        previews.set(roomId, last.text);
        render(); // the list may have been redrawn since the request left
      }
    } catch {
      /* the request stays answerable without its preview */
    }
  }

  async function answer(room, verb, alert) {
    try {
      await post(`/conversations/${encodeURIComponent(room.id)}/${verb}`);
      await inbox.refresh();
      if (verb === "accept") location.hash = `#/room/${encodeURIComponent(room.id)}`;
    } catch (err) {
      alert.show(explain(err));
    }
  }

  function render() {
    const rooms = inbox.conversations;
    if (!rooms.length) {
      replace(body, h("p", { class: "empty panel" }, t("conv.empty")));
      return;
    }
    replace(
      body,
      SECTIONS.map(([stateName, label]) => {
        const group = rooms.filter((room) => room.state === stateName);
        if (!group.length) return null;
        const headingId = `conv-${stateName}`;
        return h("section", { class: "panel", "aria-labelledby": headingId }, h("h2", { id: headingId }, t(label)), h("ul", { class: "conv-list" }, group.map(item)));
      }),
    );
  }

  const onChange = () => render();
  inbox.addEventListener("change", onChange);
  render();
  inbox.refresh();
  return () => inbox.removeEventListener("change", onChange);
}
