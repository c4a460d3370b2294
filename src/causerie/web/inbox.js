// Private conversations: the list, and unread counts kept live by staying
// joined to every conversation on the tab's socket. Joining with `since` =
// the last seq I saw makes the server replay what arrived while I was away,
// so the count is exact without any extra endpoint.

import { get } from "./api.js";
import { markSeen, seenSeq, state } from "./store.js";

const REFRESH_MS = 20000;

export class Inbox extends EventTarget {
  constructor(socket) {
    super();
    this.socket = socket;
    this.conversations = [];
    this.unread = new Map(); // room id -> Set of unseen seqs from the other person
    this.unsubscribe = new Map();
    this.active = null; // room id currently on screen
    this.timer = null;
    this.onSocketFrame = (event) => {
      if (event.detail.type === "conversation") this.refresh();
    };
    this.onFocus = () => this.refresh();
  }

  start() {
    this.socket.addEventListener("frame", this.onSocketFrame);
    window.addEventListener("focus", this.onFocus);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    return this.refresh();
  }

  stop() {
    clearInterval(this.timer);
    this.socket.removeEventListener("frame", this.onSocketFrame);
    window.removeEventListener("focus", this.onFocus);
    for (const off of this.unsubscribe.values()) off();
    this.unsubscribe.clear();
  }

  async refresh() {
    if (!navigator.onLine) return; // the socket's replay catches up once back online
    let list;
    try {
      list = await get("/conversations");
    } catch {
      return; // keep the last known list; the next refresh will try again
    }
    this.conversations = Array.isArray(list) ? list : [];
    for (const room of this.conversations) {
      if (room.state === "declined" || this.unsubscribe.has(room.id)) continue;
      const since = seenSeq(room.id) ?? 0;
      const off = this.socket.subscribe(room.id, (frame) => this.onFrame(room.id, frame), {
        since,
        leave: false,
      });
      this.unsubscribe.set(room.id, off);
    }
    this.changed();
  }

  find(roomId) {
    return this.conversations.find((room) => room.id === roomId) || null;
  }

  onFrame(roomId, frame) {
    if (frame.type !== "message") return;
    const mine = state.me && frame.author && frame.author.id === state.me.id;
    const seen = seenSeq(roomId) ?? 0;
    if (mine || frame.seq <= seen) return;
    if (this.active === roomId && document.visibilityState === "visible") return;
    if (!this.unread.has(roomId)) this.unread.set(roomId, new Set());
    this.unread.get(roomId).add(frame.seq);
    if (!this.find(roomId)) this.refresh();
    this.changed();
  }

  /** Marks `room` read up to `seq` (the room view calls this as it shows messages). */
  seen(roomId, seq) {
    markSeen(roomId, seq);
    const set = this.unread.get(roomId);
    if (!set) return;
    for (const s of [...set]) if (s <= seq) set.delete(s);
    this.changed();
  }

  unreadIn(roomId) {
    return this.unread.get(roomId)?.size ?? 0;
  }

  /** Unread messages plus requests waiting for my answer. */
  attention() {
    let total = 0;
    for (const set of this.unread.values()) total += set.size;
    const waiting = this.conversations.filter(
      (room) => room.state === "pending_my_answer" && this.unreadIn(room.id) === 0,
    ).length;
    return total + waiting;
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }
}
