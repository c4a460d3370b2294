// The one WebSocket of this tab. Rooms are multiplexed over it; after a drop
// it reconnects and re-joins every room with `since` = the last seq it saw,
// then re-sends unacknowledged messages with their original client_id (the
// server answers a repeated client_id with the original ack, never a second
// message). Nothing lost, nothing doubled.

import { uuid } from "./dom.js";

const PING_EVERY_MS = 20000;
const SILENCE_LIMIT_MS = 45000;
const END_CODES = new Set([4001, 4003, 4401]);

export class ChatSocket extends EventTarget {
  constructor(url = defaultUrl()) {
    super();
    this.url = url;
    this.ws = null;
    this.status = "idle";
    this.rooms = new Map(); // room id -> {cursor: number|null, handlers: Set}
    this.unacked = new Map(); // client_id -> send frame
    this.attempt = 0;
    this.timer = null;
    this.heartbeat = null;
    this.lastFrameAt = 0;
    this.stopped = false;
    window.addEventListener("offline", () => this.goOffline());
    window.addEventListener("online", () => this.connectSoon(0));
  }

  /** Opens the connection (idempotent). */
  start() {
    this.stopped = false;
    if (!this.ws) this.connect();
  }

  /** Closes for good (logout). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    this.rooms.clear();
    this.unacked.clear();
    const ws = this.ws;
    this.ws = null;
    closeQuietly(ws);
    this.setStatus("idle");
  }

  /**
   * Subscribes `handler` to `room`'s frames; joins the room on the socket if
   * nobody had. `since` is only used by the first subscriber of a room.
   * Returns an unsubscribe function (which leaves when `leave` is true).
   */
  subscribe(room, handler, { since = null, leave = true } = {}) {
    let entry = this.rooms.get(room);
    if (!entry) {
      entry = { cursor: since, epoch: /** @type {string | null} */ (null), handlers: new Set() };
      this.rooms.set(room, entry);
      this.sendFrame({ type: "join", room, since });
      this.flushSends(room); // written before the join: the server takes frames in order
    }
    entry.handlers.add(handler);
    return () => {
      entry.handlers.delete(handler);
      if (leave && entry.handlers.size === 0 && this.rooms.get(room) === entry) {
        this.rooms.delete(room);
        this.sendFrame({ type: "leave", room });
      }
    };
  }

  /**
   * Drops the connection and opens a new one at once (rooms re-joined with
   * their cursors). Used when what the server knows about me changed in a
   * way a live connection does not pick up (an age attestation).
   */
  reconnectNow() {
    if (this.stopped) return;
    const ws = this.ws;
    this.ws = null;
    closeQuietly(ws);
    this.attempt = 0;
    this.connect();
  }

  isJoined(room) {
    return this.rooms.has(room);
  }

  /** Sends a chat message; returns its client_id (acked or failed later). */
  sendMessage(room, text, extra = {}) {
    // ``extra``: e.g. ``{ image: id }`` for a photo (docs/media.md).
    const frame = { type: "send", room, client_id: uuid(), text, ...extra };
    this.unacked.set(frame.client_id, frame);
    // A message typed before its room's join went out would be refused
    // (`not_joined`) and lost to the others: it waits for the join instead.
    if (this.rooms.has(room)) this.sendFrame(frame);
    return frame.client_id;
  }

  /** Sends the unacked messages of `room` (after its join frame). */
  flushSends(room) {
    for (const frame of this.unacked.values()) {
      if (frame.room === room) this.sendFrame(frame);
    }
  }

  forget(clientId) {
    this.unacked.delete(clientId);
  }

  // -- connection life cycle ------------------------------------------------

  connect() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    if (!navigator.onLine) {
      this.setStatus("offline");
      return;
    }
    this.setStatus(this.attempt === 0 && this.status === "idle" ? "connecting" : "reconnecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.addEventListener("open", () => this.onOpen(ws));
    ws.addEventListener("message", (event) => this.onFrame(ws, event));
    ws.addEventListener("close", (event) => this.onClose(ws, event));
  }

  connectSoon(delay) {
    clearTimeout(this.timer);
    if (this.stopped || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  goOffline() {
    // Chromium keeps WebSockets open when the network is emulated offline,
    // and a real phone may take minutes to notice: trust the browser's event.
    this.setStatus("offline");
    const ws = this.ws;
    this.ws = null;
    closeQuietly(ws);
  }

  onOpen(ws) {
    if (ws !== this.ws) return closeQuietly(ws); // abandoned while connecting
    this.attempt = 0;
    this.lastFrameAt = Date.now();
    for (const [room, entry] of this.rooms) {
      // The epoch lets the server tell whether `since` is from this stream.
      const join = { type: "join", room, since: entry.cursor };
      this.sendFrame(entry.epoch ? { ...join, epoch: entry.epoch } : join);
    }
    for (const frame of this.unacked.values()) {
      if (this.rooms.has(frame.room)) this.sendFrame(frame);
    }
    this.setStatus("online");
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.beat(ws), PING_EVERY_MS);
  }

  beat(ws) {
    if (ws !== this.ws) return clearInterval(this.heartbeat);
    if (Date.now() - this.lastFrameAt > SILENCE_LIMIT_MS) {
      ws.close(4000); // the connection is dead without saying so
      return;
    }
    this.sendFrame({ type: "ping" });
  }

  onClose(ws, event) {
    if (ws === this.ws || !this.ws) clearInterval(this.heartbeat); // not a newer connection's
    if (ws === this.ws) this.ws = null;
    if (this.stopped) return;
    if (END_CODES.has(event.code)) {
      this.setStatus("ended");
      this.dispatchEvent(new CustomEvent("ended", { detail: { code: event.code } }));
      return;
    }
    if (!navigator.onLine) {
      this.setStatus("offline");
      return;
    }
    if (this.ws) return; // a newer connection is already on its way
    this.setStatus("reconnecting");
    this.attempt += 1;
    const delay = Math.min(10000, 400 * 2 ** Math.min(this.attempt, 5)) * (0.75 + Math.random() / 2);
    this.connectSoon(delay);
  }

  onFrame(ws, event) {
    if (ws !== this.ws) return;
    this.lastFrameAt = Date.now();
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame.type === "ack" || (frame.type === "error" && frame.client_id)) {
      this.unacked.delete(frame.client_id);
    }
    const entry = frame.room ? this.rooms.get(frame.room) : null;
    if (entry) {
      if ((frame.type === "message" || frame.type === "withheld") && typeof frame.seq === "number") {
        entry.cursor = Math.max(entry.cursor ?? 0, frame.seq);
      } else if (frame.type === "joined" && typeof frame.last_seq === "number") {
        // `recovered: false`: our `since` was from another stream (a reset
        // or restored database); the room view reloads the history over
        // HTTP, and the cursor starts again from the server's position.
        entry.cursor = frame.recovered === false ? frame.last_seq : Math.max(entry.cursor ?? 0, frame.last_seq);
        if (typeof frame.epoch === "string") entry.epoch = frame.epoch;
      }
      for (const handler of [...entry.handlers]) handler(frame);
    }
    this.dispatchEvent(new CustomEvent("frame", { detail: frame }));
  }

  sendFrame(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
    // otherwise: joins and unacked sends are replayed by onOpen
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: status }));
  }
}

// Closing a socket that is still connecting makes Chromium log an error; such
// a socket is abandoned instead and closed by onOpen when it opens.
function closeQuietly(ws) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.close(1000);
}

function defaultUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/ws`;
}
