// My notices (statements of reasons, report outcomes, safety notices,
// appeal decisions) and how many I have not seen yet. The server keeps no
// read mark, so the newest `created_at` I looked at is kept per account in
// localStorage; a live `notice` frame (a sanction pushed at once) refreshes.

import { get } from "./api.js";
import { state } from "./store.js";

const REFRESH_MS = 60000;
// A frame with an `id` is a stored notice (GET /notices lists it), and so
// are frames carrying these codes; meeting guidance (code meeting_safety,
// a room) is both: a banner in the conversation and a stored notice that
// a member offline at the time finds when they come back.
const STORED = new Set(["sanction", "report_outcome", "safety", "appeal_outcome"]);

export class NoticeFeed extends EventTarget {
  constructor(socket) {
    super();
    this.socket = socket;
    this.notices = [];
    this.loaded = false;
    this.timer = null;
    this.onSocketFrame = (event) => {
      const frame = event.detail;
      if (frame.type === "notice" && (!frame.room || frame.id || STORED.has(frame.code))) this.refresh();
    };
  }

  start() {
    this.socket?.addEventListener("frame", this.onSocketFrame);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    return this.refresh();
  }

  stop() {
    clearInterval(this.timer);
    this.socket?.removeEventListener("frame", this.onSocketFrame);
  }

  async refresh() {
    try {
      const list = await get("/notices");
      this.notices = Array.isArray(list) ? list : [];
      this.loaded = true;
    } catch {
      return; // keep what we had; the next refresh tries again
    }
    this.dispatchEvent(new Event("change"));
  }

  /** Notices newer than the last time I opened the notifications page. */
  unread() {
    const mark = this.seenMark();
    return this.notices.filter((n) => !mark || n.created_at > mark).length;
  }

  markAllSeen() {
    const newest = this.notices.reduce((max, n) => (n.created_at > max ? n.created_at : max), "");
    // Only a new mark is a change (the views re-render on change).
    if (!newest || newest <= this.seenMark()) return;
    try {
      localStorage.setItem(this.key(), newest);
    } catch {
      /* storage disabled: the badge just comes back after a reload */
    }
    this.dispatchEvent(new Event("change"));
  }

  seenMark() {
    try {
      return localStorage.getItem(this.key()) || "";
    } catch {
      return "";
    }
  }

  key() {
    return `causerie.notices.seen.${state.me ? state.me.id : "anon"}`;
  }
}
