// A room (public or private): live messages over the tab's socket, history
// on scroll up, own messages pending until acked, failures with the server's
// reason, a visible connection status. Every message is keyed by its seq,
// so replays after a reconnect never show twice.

import { get, post } from "../api.js";
import { attestationPanel } from "../attestation.js";
import { h, replace } from "../dom.js";
import { attachControls, photoFigure } from "../images.js";
import { busy, explain, formAlert } from "../forms.js";
import { locale, t, themeLabel } from "../i18n.js";
import { REACTIONS, RoomModel, editable, replyOptions, retryable, wasMasked } from "../model.js";
import { openProfile } from "../profile.js";
import { markSeen, state } from "../store.js";

const PAGE = 50;
const NEAR_BOTTOM_PX = 120;

export function roomView(main, { id }, ctx) {
  const { socket, inbox, me } = { socket: state.socket, inbox: state.inbox, me: state.me };
  let room = state.rooms.find((r) => r.id === id) || inbox.find(id);
  const bySeq = new Map(); // seq -> <li>
  const pendings = new Map(); // client_id -> {el, text, replyTo, ts}
  // What is known (messages by seq, the replay cursor, who wrote here) lives
  // in the model; bySeq is only the view's index of what it drew.
  const model = new RoomModel();
  let hasMore = false;
  let loadingOlder = false;
  let missedWhileHidden = 0;
  let unsubscribe = () => {};
  let closed = false;

  // -- skeleton -------------------------------------------------------------
  const title = h("h1", { id: "room-title" }, room ? room.name : "…");
  const subtitle = h("p", { class: "room-sub" });
  const status = h("span", { class: "status", role: "status", "aria-live": "polite" });
  const back = h("a", { class: "back", href: "#/" }, h("span", { "aria-hidden": "true" }, "← "), h("span", { class: "back-label" }, t("room.back")));
  const banner = h("div", { class: "dm-banner", hidden: true });
  const olderBtn = h("button", { type: "button", class: "button ghost older", hidden: true, onclick: () => loadOlder() }, t("room.load_older"));
  const startMark = h("p", { class: "start-mark", hidden: true }, t("room.start"));
  const emptyNote = h("p", { class: "empty", hidden: true }, t("room.empty"));
  const log = h("ol", { class: "log", role: "log", "aria-label": t("room.messages") });
  const pendingList = h("ol", { class: "log pending-log", "aria-live": "polite" });
  // Delivered/read of my last message, in a private conversation.
  const receiptNote = h("p", { class: "receipt-state", "aria-live": "polite", hidden: true });
  let otherPos = { delivered: 0, read: null };
  let reportedDelivered = 0;
  let reportedRead = 0;
  const scroller = h("div", { class: "scroller", tabindex: "0", "aria-labelledby": "room-title", "aria-describedby": "log-keys", onkeydown: (event) => onLogKey(event) }, h("p", { class: "sr-only", id: "log-keys" }, t("room.log_keys")), olderBtn, startMark, log, receiptNote, pendingList, emptyNote);
  // "X is typing…" (private conversations; docs/protocol.md, "Typing").
  const typingNote = h("p", { class: "typing", "aria-live": "polite", hidden: true });
  let typingTimer = null;
  let typingSentAt = 0;
  const newBtn = h("button", { type: "button", class: "button new-messages", hidden: true, onclick: () => scrollToBottom() }, t("room.new_messages"), " ↓");
  const roomAlert = formAlert();
  const membersTitle = h("span", {}, t("room.authors"));
  const membersList = h("ul", { class: "members", id: "room-members" });
  // One button (the disclosure pattern): on a phone the list opens over the
  // conversation instead of pushing it down; on a wide screen it starts open.
  const membersOpen = window.matchMedia("(min-width: 901px)").matches;
  const membersToggle = h("button", { type: "button", class: "members-toggle", "aria-expanded": String(membersOpen), "aria-controls": "room-members" }, membersTitle);
  membersList.hidden = !membersOpen;
  membersToggle.addEventListener("click", () => {
    const open = membersToggle.getAttribute("aria-expanded") !== "true";
    membersToggle.setAttribute("aria-expanded", String(open));
    membersList.hidden = !open;
  });
  const aside = h("aside", { class: "members-panel panel", "aria-labelledby": "members-title" }, h("h2", { id: "members-title" }, membersToggle), membersList);
  const blockedNote = h("div", { class: "blocked-notes", role: "status" });
  // Safety guidance from the server (e.g. when someone proposes to meet)
  // stays above the conversation until dismissed, not lost in the scroll.
  const safety = h("div", { class: "safety-banners", "aria-live": "assertive" });
  const attestBox = h("div", { class: "attest-box", hidden: true });

  const text = h("textarea", { id: "composer", rows: "1", maxlength: "2000", autocomplete: "off", "aria-describedby": "composer-hint" });
  const sendBtn = h("button", { type: "submit", class: "button primary" }, t("room.send"));
  // The message my next send answers (docs/protocol.md, "Replies").
  let replyTo = null;
  // My message the composer is editing, and the edit sent and not yet seen
  // back (an error puts its text back in the composer).
  let editing = null;
  let editInFlight = null;
  // A small fixed emoji picker: inserts at the cursor.
  const EMOJI = ["😊", "😂", "😍", "🥰", "😉", "😎", "🤔", "😅", "😢", "😮", "😡", "👍", "👎", "👏", "🙏", "💪", "❤️", "🔥", "🎉", "✨", "☕", "🍕", "⚽", "🎵"];
  const emojiPanel = h("div", { class: "emoji-panel", id: "emoji-panel", hidden: true }, EMOJI.map((e) => h("button", { type: "button", onclick: () => insertEmoji(e) }, e)));
  const emojiToggle = h("button", { type: "button", class: "emoji-toggle", "aria-label": t("room.emoji"), "aria-expanded": "false", "aria-controls": "emoji-panel" }, "😊");
  emojiToggle.addEventListener("click", () => {
    const open = emojiPanel.hidden;
    emojiPanel.hidden = !open;
    emojiToggle.setAttribute("aria-expanded", String(open));
  });
  function insertEmoji(e) {
    const start = text.selectionStart ?? text.value.length;
    const end = text.selectionEnd ?? start;
    text.value = text.value.slice(0, start) + e + text.value.slice(end);
    text.selectionStart = text.selectionEnd = start + e.length;
    emojiPanel.hidden = true;
    emojiToggle.setAttribute("aria-expanded", "false");
    text.focus();
    text.dispatchEvent(new Event("input"));
  }
  const replyLabel = h("span", {});
  const replyBar = h("div", { class: "reply-bar", hidden: true }, replyLabel, h("button", { type: "button", class: "link-button", "aria-label": t("room.reply_cancel"), onclick: () => setReply(null) }, "✕"));
  const editBar = h("div", { class: "reply-bar edit-bar", hidden: true }, h("span", {}, t("room.editing")), h("button", { type: "button", class: "link-button", "aria-label": t("room.edit_cancel"), onclick: () => (setEditing(null), roomAlert.show("")) }, "✕"));
  const composer = h(
    "form",
    { class: "composer", novalidate: true },
    h("label", { for: "composer" }, t("room.composer")),
    replyBar,
    editBar,
    emojiPanel,
    h("div", { class: "composer-row" }, emojiToggle, text, sendBtn),
    h("p", { class: "hint", id: "composer-hint" }, t("room.composer.hint")),
  );
  // Photos: private conversations only, once accepted (renderBanner shows them).
  const photos = attachControls(id, (image, caption) => sendPhoto(image, caption));
  photos.buttons.hidden = true;
  composer.querySelector(".composer-row").prepend(photos.buttons);
  composer.prepend(photos.preview);

  const roomBody = h("div", { class: "room-body" }, h("section", { class: "conversation panel" }, scroller, newBtn, typingNote, blockedNote, composer), aside);
  replace(
    main,
    h(
      "div",
      { class: "room" },
      h("header", { class: "room-head" }, back, h("div", { class: "room-titles" }, title, subtitle), status),
      banner,
      safety,
      roomAlert,
      attestBox,
      roomBody,
    ),
  );

  // -- connection status --------------------------------------------------
  const onStatus = () => {
    const s = socket.status === "idle" ? "connecting" : socket.status;
    status.textContent = t(`status.${s}`);
    status.className = `status ${s}`;
  };
  socket.addEventListener("status", onStatus);
  onStatus();

  // -- rendering ----------------------------------------------------------
  function timeOf(ts) {
    const date = ts ? new Date(ts) : new Date();
    return new Intl.DateTimeFormat(locale(), { hour: "2-digit", minute: "2-digit" }).format(date);
  }

  function authorButton(author, messageId) {
    // In the log, names are not each a Tab stop (tabindex -1): the log is
    // one stop and the arrow keys move between names (onLogKey).
    return h(
      "button",
      { type: "button", class: "author", tabindex: messageId ? "-1" : null, onclick: () => openProfile(author, { message: messageId ? { id: messageId } : null, onBlocked: hideAuthor }) },
      author.pseudo,
    );
  }

  /** ↑/↓ (and Home/End) move between the authors' names in the log. */
  function onLogKey(event) {
    const keys = ["ArrowUp", "ArrowDown", "Home", "End"];
    if (!keys.includes(event.key)) return;
    const names = [...log.querySelectorAll("li:not([hidden]) .author")];
    if (!names.length) return;
    const at = names.indexOf(document.activeElement);
    let next;
    if (event.key === "Home") next = 0;
    else if (event.key === "End" || at < 0) next = names.length - 1;
    else next = Math.max(0, Math.min(names.length - 1, at + (event.key === "ArrowUp" ? -1 : 1)));
    event.preventDefault();
    names[next].focus();
    names[next].scrollIntoView({ block: "nearest" });
  }

  function messageEl(m) {
    const mine = m.author && m.author.id === me.id;
    const li = h(
      "li",
      { class: `msg${mine ? " mine" : ""}`, dataset: { seq: m.seq, author: m.author.id } },
      // A screen reader says "my message" rather than my own pseudo.
      h("div", { class: "meta" }, mine ? h("span", { class: "sr-only" }, t("room.mine")) : null, authorButton(m.author, m.id), h("time", { datetime: m.ts || "" }, timeOf(m.ts)), m.edited ? editedMark() : null, ...actionsFor(m, mine)),
      m.reply_to ? quoteOf(m.reply_to) : null,
      h("p", { class: "text" }, m.text),
    );
    if (m.image) li.append(photoFigure(m.image, { mine, author: m.author, onBlocked: hideAuthor }));
    if (m.reactions && m.reactions.length) li.append(reactionsRow(m));
    if (state.blocked.has(m.author.id)) li.hidden = true;
    return li;
  }

  function editedMark() {
    return h("span", { class: "edited-mark" }, `(${t("room.edited")})`);
  }

  // -- reactions (docs/protocol.md, "Reactions") ----------------------------
  /** The counts under a message: one toggle button each (pressed = mine). */
  function reactionsRow(m) {
    return h(
      "div",
      { class: "reactions" },
      (m.reactions || []).map((r) =>
        h(
          "button",
          {
            type: "button",
            class: `reaction${r.mine ? " mine" : ""}`,
            "aria-pressed": String(r.mine),
            "aria-label": t(r.mine ? "room.reaction_label_mine" : "room.reaction_label", { e: r.emoji, n: r.count }),
            onclick: () => react(m.seq, r.emoji),
          },
          h("span", { "aria-hidden": "true" }, r.emoji),
          h("span", { class: "count", "aria-hidden": "true" }, String(r.count)),
        ),
      ),
    );
  }

  function renderReactions(seq) {
    const li = bySeq.get(seq);
    const m = model.messages.get(seq);
    if (!li || !m) return;
    const row = m.reactions && m.reactions.length ? reactionsRow(m) : null;
    const old = li.querySelector(".reactions");
    if (old && row) old.replaceWith(row);
    else if (old) old.remove();
    else if (row) {
      const picker = li.querySelector(".react-picker");
      if (picker) picker.before(row);
      else li.append(row);
    }
  }

  function react(seq, emoji) {
    if (!socket.isJoined(id)) return;
    socket.sendFrame({ type: "react", room: id, seq, emoji, on: model.reactionOn(seq, emoji) });
  }

  /** The fixed set, opened under the message by its React button. */
  function togglePicker(seq, opener) {
    const li = bySeq.get(seq);
    if (!li) return;
    const open = li.querySelector(".react-picker");
    for (const other of log.querySelectorAll(".react-picker")) {
      other.remove();
    }
    for (const b of log.querySelectorAll(".react-btn[aria-expanded=true]")) b.setAttribute("aria-expanded", "false");
    if (open) {
      opener.focus();
      return;
    }
    const close = () => {
      picker.remove();
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    };
    const picker = h(
      "div",
      { class: "react-picker", role: "group", "aria-label": t("room.react_choose"), onkeydown: (event) => event.key === "Escape" && close() },
      REACTIONS.map((e) => h("button", { type: "button", class: "react-choice", onclick: () => (react(seq, e), close()) }, e)),
    );
    li.append(picker);
    opener.setAttribute("aria-expanded", "true");
    picker.querySelector("button").focus();
  }

  /** The quoted message a reply answers, as this reader may see it. */
  function quoteOf(seq) {
    const target = model.messages.get(seq);
    const shown = target && target.author && !state.blocked.has(target.author.id);
    return h("blockquote", { class: "reply-quote", dataset: { seq: String(seq) } }, shown ? `${target.author.pseudo} : ${target.text.slice(0, 120)}` : t("room.reply_unavailable"));
  }

  /** Reply, React, and Edit/Delete on my own messages (Delete asks once more). */
  function actionsFor(m, mine) {
    const reply = h("button", { type: "button", class: "link-button reply-btn", onclick: () => setReply(m) }, t("room.reply"));
    const reactBtn = h("button", { type: "button", class: "link-button react-btn", "aria-expanded": "false" }, t("room.react"));
    reactBtn.addEventListener("click", () => togglePicker(m.seq, reactBtn));
    if (!mine) return [reply, reactBtn];
    const current = () => model.messages.get(m.seq) || m;
    const edit = editable(current(), me.id, Date.now()) ? h("button", { type: "button", class: "link-button edit-btn" }, t("room.edit")) : null;
    edit?.addEventListener("click", () => {
      // The button was drawn within the window; the window may have closed since.
      if (editable(current(), me.id, Date.now())) {
        setEditing(current());
        return;
      }
      edit.remove();
      roomAlert.show(t("room.edit_too_late"));
    });
    const del = h("button", { type: "button", class: "link-button reply-btn delete-btn" }, t("room.delete"));
    del.addEventListener("click", () => {
      if (!del.classList.contains("confirm")) {
        del.classList.add("confirm");
        del.textContent = t("room.delete_confirm");
        return;
      }
      del.disabled = true;
      socket.sendFrame({ type: "delete", room: id, seq: m.seq });
    });
    return [reply, reactBtn, edit, del];
  }

  /** The composer edits my message `m` (null: back to writing a new one). */
  function setEditing(m, draft) {
    editing = m && Number.isFinite(m.seq) ? m : null;
    editBar.hidden = !editing;
    sendBtn.textContent = t(editing ? "room.edit_save" : "room.send");
    if (editing) {
      setReply(null);
      text.value = draft ?? editing.text ?? "";
      autoGrow();
      text.focus();
    } else if (draft === undefined) {
      text.value = "";
      autoGrow();
    }
  }

  function setReply(m) {
    replyTo = m && Number.isFinite(m.seq) ? m : null;
    replyBar.hidden = !replyTo;
    replyLabel.textContent = replyTo ? `${t("room.replying", { p: replyTo.author.pseudo })} : ${replyTo.text.slice(0, 80)}` : "";
    if (replyTo) text.focus();
  }

  function insertBySeq(li, seq) {
    li.dataset.seq = String(seq);
    const next = model.nextSeq(seq);
    const before = next === null ? null : bySeq.get(next);
    if (before) before.before(li);
    else log.append(li);
    bySeq.set(seq, li);
  }

  function noteAuthor(author) {
    if (!author || state.blocked.has(author.id)) return;
    renderMembers([...model.authors].map(([uid, pseudo]) => ({ id: uid, pseudo })));
  }

  function renderMembers(people) {
    const visible = people.filter((p) => !state.blocked.has(p.id));
    replace(
      membersList,
      visible.length
        ? visible.map((p) => h("li", {}, authorButton(p, null), p.id === me.id ? h("span", { class: "muted" }, ` (${t("room.you")})`) : null))
        : h("li", { class: "muted" }, t("room.members_none")),
    );
  }

  function addMessage(m) {
    const newAuthor = Boolean(m.author) && !model.authors.has(m.author.id);
    if (!model.add(m)) {
      // My own message, placed by its ack first: show what was delivered.
      if (m.author && m.author.id === me.id) showDelivered(bySeq.get(m.seq), m.text);
      return false;
    }
    if (m.author && m.author.id === me.id) {
      // my own message, maybe still pending here: adopt its element in place
      for (const p of pendings.values()) {
        if (p.seq === undefined && p.text === m.text) {
          p.seq = m.seq;
          p.el.querySelector("time").textContent = timeOf(m.ts);
          p.messageId = m.id;
          insertBySeq(p.el, m.seq);
          return true;
        }
      }
    }
    insertBySeq(messageEl(m), m.seq);
    if (newAuthor) noteAuthor(m.author);
    return true;
  }

  function refreshEmpty() {
    emptyNote.hidden = log.childElementCount > 0 || pendingList.childElementCount > 0 || hasMore;
    olderBtn.hidden = !hasMore;
    startMark.hidden = hasMore || log.childElementCount === 0;
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    scroller.scrollTop = scroller.scrollHeight;
    newBtn.hidden = true;
  }

  function seenUpTo() {
    if (document.visibilityState !== "visible") return;
    markSeen(id, model.lastSeq);
    inbox.seen(id, model.lastSeq);
    report(model.lastSeq, model.lastSeq);
  }

  /** Tell the other member how far I received and read (private
   * conversations only; the server keeps no read while I have them off). */
  function report(delivered, read) {
    if (!inbox.find(id) || !socket.isJoined(id) || !Number.isFinite(delivered)) return;
    const frame = { type: "receipt", room: id };
    if (delivered > reportedDelivered) frame.delivered = reportedDelivered = delivered;
    if (read !== null && Number.isFinite(read) && read > reportedRead) frame.read = reportedRead = read;
    if (frame.delivered === undefined && frame.read === undefined) return;
    socket.sendFrame(frame);
  }

  function renderReceipt() {
    const mine = [...log.querySelectorAll("li.msg.mine")].map((li) => Number(li.dataset.seq)).filter(Number.isFinite);
    const last = mine.length ? Math.max(...mine) : 0;
    const read = otherPos.read !== null && otherPos.read >= last;
    const shown = Boolean(inbox.find(id)) && last > 0 && last === model.lastSeq && (read || otherPos.delivered >= last);
    receiptNote.hidden = !shown;
    receiptNote.textContent = shown ? t(read ? "room.read" : "room.delivered") : "";
  }

  async function loadReceipt() {
    if (!inbox.find(id)) return;
    try {
      otherPos = await get(`/conversations/${encodeURIComponent(id)}/receipts`);
    } catch {
      return; // a conversation I can no longer see: nothing to show
    }
    if (!closed) renderReceipt();
  }

  // -- frames ---------------------------------------------------------------
  function onFrame(frame) {
    if (closed) return;
    if (frame.type === "message") {
      if (frame.author && typingNote.dataset.user === frame.author.id) hideTyping();
      const stick = nearBottom() || (frame.author && frame.author.id === me.id);
      if (addMessage(frame)) {
        refreshEmpty();
        if (stick) scrollToBottom();
        else newBtn.hidden = false;
        if (document.visibilityState === "visible") seenUpTo();
        else if (frame.author.id !== me.id) ctx.away((missedWhileHidden += 1));
        if (frame.author.id !== me.id) report(frame.seq, null);
        renderReceipt();
      }
    } else if (frame.type === "joined" && frame.recovered === false) {
      // The server could not replay what we missed (another stream): the
      // history over HTTP is the truth.
      loadLatest().catch((err) => roomAlert.show(explain(err)));
    } else if (frame.type === "typing") {
      showTyping(frame.user);
    } else if (frame.type === "receipt") {
      otherPos = { delivered: frame.delivered ?? 0, read: frame.read ?? null };
      renderReceipt();
    } else if (frame.type === "edited") {
      const m = model.edit(frame);
      const li = bySeq.get(frame.seq);
      if (m && li) {
        const body = li.querySelector(".text");
        if (body) body.textContent = m.text;
        if (!li.querySelector(".edited-mark")) li.querySelector("time")?.after(editedMark());
      }
      if (editInFlight && editInFlight.seq === frame.seq) {
        editInFlight = null;
        roomAlert.show(""); // an earlier refusal of this edit no longer stands
      }
    } else if (frame.type === "reactions") {
      if (model.setReactions(frame.seq, frame.reactions || [])) renderReactions(frame.seq);
    } else if (frame.type === "withheld") {
      model.see(frame.seq);
    } else if (frame.type === "deleted") {
      // A moderator removed it: drop it from the screen at once.
      const li = bySeq.get(frame.seq);
      model.remove(frame.seq);
      if (li) {
        li.remove();
        bySeq.delete(frame.seq);
        refreshEmpty();
      }
    } else if (frame.type === "ack") {
      acked(frame);
    } else if (frame.type === "error" && frame.client_id) {
      failed(frame);
    } else if (frame.type === "error") {
      roomAlert.show(frame.detail || t("err.generic"));
      if (editInFlight) {
        // The edit was refused: its text comes back, to change or drop.
        const m = model.messages.get(editInFlight.seq);
        const draft = editInFlight.text;
        editInFlight = null;
        if (m) setEditing(m, draft);
      }
    } else if (frame.type === "notice") {
      showSafety(frame);
    }
  }

  // The server forwards one signal every 3 s at most while they type: past
  // 6 s without one, they stopped.
  function showTyping(user) {
    if (!user || user.id === me.id || state.blocked.has(user.id)) return;
    typingNote.textContent = t("room.typing", { p: user.pseudo });
    typingNote.dataset.user = user.id;
    typingNote.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 6000);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    typingNote.hidden = true;
    delete typingNote.dataset.user;
  }

  /** Tell the other member I am typing: private conversations I may write
   * in, once every 3 s at most (the server drops more anyway). */
  function signalTyping() {
    const conv = inbox.find(id);
    if (!conv || (conv.state !== "open" && conv.state !== "pending_my_answer")) return;
    if (!text.value.trim() || !socket.isJoined(id)) return;
    const now = Date.now();
    if (now - typingSentAt < 3000) return;
    typingSentAt = now;
    socket.sendFrame({ type: "typing", room: id });
  }

  function acked(frame) {
    const p = pendings.get(frame.client_id);
    if (!p) return;
    pendings.delete(frame.client_id);
    const existing = bySeq.get(frame.seq);
    if (existing && existing !== p.el) {
      p.el.remove(); // the message frame arrived first and is already shown
      showDelivered(existing, model.messages.get(frame.seq)?.text);
    } else {
      if (!existing) {
        model.add({ seq: frame.seq, id: frame.id, text: p.text, ts: p.ts, author: { id: me.id, pseudo: me.pseudo } });
        insertBySeq(p.el, frame.seq);
      }
      p.el.classList.remove("pending");
      p.el.querySelector(".state")?.remove();
      const author = p.el.querySelector(".author");
      const messageId = frame.id || p.messageId;
      author.replaceWith(authorButton({ id: me.id, pseudo: me.pseudo }, messageId));
      const photo = p.text.startsWith("\u0000");
      const sent = { seq: frame.seq, id: messageId, text: photo ? "" : p.text, ts: p.ts, image: photo ? {} : undefined, author: { id: me.id, pseudo: me.pseudo } };
      if (!p.el.querySelector(".reply-btn")) p.el.querySelector(".meta").append(...actionsFor(sent, true));
    }
    model.see(frame.seq);
    seenUpTo();
    refreshEmpty();
    renderReceipt();
  }

  /** The server masked part of my message (a number, an address…): show
   * the text as others read it, and say why once. */
  function showDelivered(li, delivered) {
    if (!li || typeof delivered !== "string" || !wasMasked(delivered)) return;
    const text = li.querySelector(".text");
    if (text && text.textContent !== delivered) text.textContent = delivered;
    if (!li.querySelector(".mask-note")) li.append(h("p", { class: "mask-note", role: "status" }, t("room.masked")));
  }

  /** My sends the server refused or held in this room, kept in the store. */
  function unsent() {
    if (!state.unsentSends.has(id)) state.unsentSends.set(id, new Map());
    return state.unsentSends.get(id);
  }

  function failed(frame) {
    const p = pendings.get(frame.client_id);
    if (!p) return;
    unsent().set(frame.client_id, { text: p.text, replyTo: p.replyTo, photo: p.photo, code: frame.code, detail: frame.detail });
    const held = frame.code === "held_for_review";
    p.el.classList.remove("pending");
    p.el.classList.add(held ? "held" : "failed");
    const reason = frame.detail || t(`err.${frame.code}`);
    const dismiss = h("button", { type: "button", class: "link-button", onclick: () => {
      p.el.remove();
      pendings.delete(frame.client_id);
      unsent().delete(frame.client_id);
      socket.forget(frame.client_id);
      refreshEmpty();
    } }, t("room.dismiss"));
    // "Retry" sends the same text again as a new message: it takes its place
    // after what was said meanwhile, so the conversation stays in order.
    const retry = retryable(frame.code)
      ? h("button", { type: "button", class: "link-button", onclick: () => {
          p.el.remove();
          pendings.delete(frame.client_id);
          unsent().delete(frame.client_id);
          socket.forget(frame.client_id);
          // A photo goes again as a photo (its text is only a placeholder),
          // a text with its own reply, not the one being drafted now.
          if (p.photo) sendPhoto(p.photo.image, p.photo.caption);
          else send(p.text, p.replyTo);
        } }, t("room.retry"))
      : null;
    const stateEl = p.el.querySelector(".state");
    replace(stateEl, held ? "" : `${t("room.failed")} — `, reason, " ", retry, retry ? " " : null, dismiss);
    stateEl.setAttribute("role", "alert");
  }

  /**
   * Sends a text, answering the message `answering` (a seq) if given. The
   * pending message keeps it, so that a retry answers the same message.
   * @param {string} value
   * @param {number | null} answering
   */
  function send(value, answering) {
    const clientId = socket.sendMessage(id, value, replyOptions(answering));
    pendingText(clientId, value, answering);
    scrollToBottom();
  }

  /** My text on its way (or refused, when redrawn from the store). */
  function pendingText(clientId, value, answering) {
    const el = h(
      "li",
      { class: "msg mine pending", dataset: { author: me.id } },
      h("div", { class: "meta" }, h("span", { class: "sr-only" }, t("room.mine")), h("span", { class: "author" }, me.pseudo), h("time", {}, timeOf(null)), h("span", { class: "state" }, t("room.pending"))),
      answering ? quoteOf(answering) : null,
      h("p", { class: "text" }, value),
    );
    pendings.set(clientId, { el, text: value.trim(), replyTo: answering, ts: new Date().toISOString() });
    pendingList.append(el);
    refreshEmpty();
  }

  function sendPhoto(image, caption) {
    const clientId = socket.sendMessage(id, caption, { image: image.id });
    pendingPhoto(clientId, image, caption);
    scrollToBottom();
  }

  function pendingPhoto(clientId, image, caption) {
    const el = h(
      "li",
      { class: "msg mine pending", dataset: { author: me.id } },
      h("div", { class: "meta" }, h("span", { class: "author" }, me.pseudo), h("time", {}, timeOf(null)), h("span", { class: "state" }, t("room.pending"))),
      h("p", { class: "text" }, caption),
      photoFigure({ ...image, blurred: false }, { mine: true, author: me }),
    );
    // Never adopted by text: the ack (or the message frame) settles it.
    pendings.set(clientId, { el, text: `\u0000photo:${image.id}`, photo: { image, caption }, ts: new Date().toISOString() });
    pendingList.append(el);
    refreshEmpty();
  }

  /** Draws again the refused and held sends this room's last view showed
   * (the view is rebuilt on a language switch; they live only here). */
  function redrawUnsent() {
    for (const [clientId, item] of unsent()) {
      if (item.photo) pendingPhoto(clientId, item.photo.image, item.photo.caption);
      else pendingText(clientId, item.text, item.replyTo);
      failed({ client_id: clientId, code: item.code, detail: item.detail });
    }
  }

  composer.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = text.value;
    if (!value.trim()) return;
    text.value = "";
    autoGrow();
    if (editing) {
      const seq = editing.seq;
      setEditing(null, value);
      if (value.trim() !== (model.messages.get(seq)?.text ?? "")) {
        editInFlight = { seq, text: value };
        socket.sendFrame({ type: "edit", room: id, seq, text: value });
      }
    } else {
      const answering = replyTo ? replyTo.seq : null;
      setReply(null); // the draft's reply goes with this message
      send(value, answering);
    }
    text.focus();
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  function autoGrow() {
    text.style.height = "auto";
    text.style.height = `${Math.min(text.scrollHeight, 160)}px`;
  }
  text.addEventListener("input", autoGrow);
  text.addEventListener("input", signalTyping);

  scroller.addEventListener("scroll", () => {
    if (scroller.scrollTop < 60) loadOlder();
    if (nearBottom()) newBtn.hidden = true;
  });

  function hideAuthor(user) {
    for (const li of log.querySelectorAll("li.msg")) if (li.dataset.author === user.id) li.hidden = true;
    model.forgetAuthor(user.id);
    renderMembers([...model.authors].map(([uid, pseudo]) => ({ id: uid, pseudo })));
    blockedNote.append(h("p", { class: "muted" }, t("room.blocked_hidden", { p: user.pseudo })));
  }

  function showSafety(frame) {
    if (!frame.detail) return;
    const known = frame.code === "meeting_safety";
    const item = h(
      "div",
      { class: "safety-banner", role: "note", dataset: { code: frame.code || "" } },
      h("span", { class: "safety-icon", "aria-hidden": "true" }, "!"),
      h("div", { class: "safety-text" }, h("strong", {}, t(known ? "safety.meeting_title" : "safety.title")), h("p", {}, frame.detail)),
    );
    const ok = h("button", { type: "button", class: "button small", onclick: () => {
      item.remove();
      const kept = (state.roomNotices.get(id) || []).filter((f) => f.code !== frame.code);
      if (kept.length) state.roomNotices.set(id, kept);
      else state.roomNotices.delete(id);
    } }, t("safety.ok"));
    item.append(ok);
    // One banner per kind of guidance: a newer one replaces the older.
    for (const old of safety.querySelectorAll(".safety-banner")) if (old.dataset.code === (frame.code || "")) old.remove();
    safety.append(item);
  }

  // An adult-only room asks for an age attestation first.
  function askAttestation() {
    roomBody.hidden = true;
    status.hidden = true;
    replace(
      attestBox,
      attestationPanel({
        lead: t("attest.room_lead"),
        onDone: () => {
          setTimeout(() => {
            attestBox.hidden = true;
            roomBody.hidden = false;
            status.hidden = false;
            start();
          }, 1200); // long enough to read "done"
        },
      }),
    );
    attestBox.hidden = false;
  }

  // -- history ---------------------------------------------------------------
  function renderPage(page) {
    for (const m of page.messages || []) addMessage(m);
    hasMore = Boolean(page.has_more);
  }

  async function loadLatest() {
    const page = await get(`/rooms/${encodeURIComponent(id)}/messages?limit=${PAGE}`);
    if (closed) return;
    renderPage(page);
    refreshEmpty();
    scrollToBottom();
    seenUpTo();
  }

  async function loadOlder() {
    if (loadingOlder || !hasMore || !Number.isFinite(model.firstSeq)) return;
    loadingOlder = true;
    try {
      await busy(olderBtn, async () => {
        const page = await get(`/rooms/${encodeURIComponent(id)}/messages?before=${model.firstSeq}&limit=${PAGE}`);
        if (closed) return;
        const height = scroller.scrollHeight;
        const top = scroller.scrollTop;
        renderPage(page);
        refreshEmpty();
        scroller.scrollTop = top + (scroller.scrollHeight - height); // keep what was on screen in place
      });
    } catch (err) {
      roomAlert.show(explain(err));
    } finally {
      loadingOlder = false;
    }
  }

  // -- private conversation state -------------------------------------------
  function renderBanner() {
    const conv = inbox.find(id);
    if (!conv) {
      banner.hidden = true;
      return;
    }
    room = conv;
    title.textContent = conv.name;
    subtitle.textContent = t("dm.private");
    // "Seen in this room" reads wrong between two people.
    membersTitle.textContent = t("dm.members");
    back.lastChild.textContent = t("nav.messages");
    back.setAttribute("href", "#/conversations");
    // While my request waits for an answer the server refuses anything
    // more, so the composer says so by being off instead of failing later.
    const closed = conv.state === "declined" || conv.state === "requested";
    text.disabled = closed;
    sendBtn.disabled = closed;
    photos.buttons.hidden = conv.state !== "open";
    if (conv.state === "open") {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    if (conv.state === "requested") {
      replace(banner, h("p", {}, t("dm.requested", { p: conv.name })));
    } else if (conv.state === "declined") {
      replace(banner, h("p", {}, t("dm.declined")));
    } else if (conv.state === "pending_my_answer") {
      const alert = formAlert();
      const accept = h("button", { type: "button", class: "button primary" }, t("dm.accept"));
      const decline = h("button", { type: "button", class: "button" }, t("dm.decline"));
      accept.addEventListener("click", () => busy(accept, () => answer("accept", alert)));
      decline.addEventListener("click", () => busy(decline, () => answer("decline", alert)));
      replace(banner, h("p", {}, t("dm.pending", { p: conv.name })), h("div", { class: "actions" }, accept, decline), alert);
    }
  }

  async function answer(verb, alert) {
    try {
      await post(`/conversations/${encodeURIComponent(id)}/${verb}`);
      await inbox.refresh();
      if (verb === "decline") location.hash = "#/conversations";
    } catch (err) {
      alert.show(explain(err));
    }
  }

  const onInbox = () => renderBanner();
  inbox.addEventListener("change", onInbox);
  const onVisible = () => {
    if (document.visibilityState === "visible") {
      missedWhileHidden = 0;
      ctx.away(0);
      seenUpTo();
    }
  };
  document.addEventListener("visibilitychange", onVisible);

  // -- start -----------------------------------------------------------------
  async function start() {
    if (!room) {
      await Promise.allSettled([inbox.refresh(), get("/rooms").then((rooms) => (state.rooms = rooms))]);
      room = state.rooms.find((r) => r.id === id) || inbox.find(id);
    }
    if (closed) return;
    if (room) {
      title.textContent = room.name;
      subtitle.textContent = room.kind === "dm" || inbox.find(id) ? t("dm.private") : themeLabel(room.theme);
      document.title = `${room.name} — Causerie`;
    }
    renderBanner();
    for (const frame of state.roomNotices.get(id) || []) showSafety(frame);
    if (room && room.requires === "age_attestation" && !state.me.age_attested) {
      askAttestation();
      return;
    }
    const dm = Boolean(inbox.find(id));
    inbox.active = id;
    try {
      if (socket.isJoined(id)) {
        unsubscribe = socket.subscribe(id, onFrame, { leave: !dm });
        await loadLatest();
      } else {
        await loadLatest();
        if (closed) return;
        unsubscribe = socket.subscribe(id, onFrame, { since: model.lastSeq, leave: !dm });
      }
      if (dm) {
        loadReceipt();
        seenUpTo(); // what the history showed is read now that the room is joined
      }
    } catch (err) {
      if (err.code === "attestation_required") {
        askAttestation();
        return;
      }
      replace(scroller, h("p", { class: "empty" }, err.status === 404 ? t("room.not_found") : explain(err)));
      composer.hidden = true;
      return;
    }
    redrawUnsent();
    // The panel lists who wrote here (the API has no member list to ask:
    // asking cost a round trip and a 404 per room opened).
    if (!model.authors.size) renderMembers([]);
    // On a phone, focusing would pop the keyboard over the conversation.
    if (window.matchMedia("(min-width: 641px)").matches) text.focus({ preventScroll: true });
  }
  start();

  return () => {
    closed = true;
    clearTimeout(typingTimer);
    unsubscribe();
    if (inbox.active === id) inbox.active = null;
    socket.removeEventListener("status", onStatus);
    inbox.removeEventListener("change", onInbox);
    document.removeEventListener("visibilitychange", onVisible);
    ctx.away(0);
  };
}
