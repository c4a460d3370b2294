// The room view's state, apart from the DOM: which messages are known (by
// seq), the cursor for replays, who has written here. The view asks it what
// to do (is this new? where does it go?) and only draws.

/**
 * @typedef {{id: string, pseudo: string}} Author
 * @typedef {{emoji: string, count: number, mine: boolean}} Reaction
 * @typedef {{seq: number, id?: string, text?: string, ts?: string, author?: Author, image?: object, edited?: boolean, edited_at?: string, reactions?: Reaction[]}} Message
 */

/** How long after sending a message its author may still edit it (the server's domain/chat.py EDIT_WINDOW). */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** The fixed reactions, in the server's order (domain/chat.py REACTIONS). */
export const REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

export class RoomModel {
  constructor() {
    /** @type {Map<number, Message>} */
    this.messages = new Map();
    /** @type {number[]} seqs on screen, ascending */
    this.seqs = [];
    /** The highest seq seen in any frame: the `since` of a (re)join. */
    this.lastSeq = 0;
    /** @type {Map<string, string>} author id -> pseudo, in order of first message */
    this.authors = new Map();
  }

  /** The lowest seq held, or Infinity when none (the `before` of older pages). */
  get firstSeq() {
    return this.seqs.length ? this.seqs[0] : Infinity;
  }

  get size() {
    return this.seqs.length;
  }

  /** @param {number} seq */
  has(seq) {
    return this.messages.has(seq);
  }

  /** A seq the room used without showing it to me (withheld): the cursor moves on. */
  see(seq) {
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  /**
   * Keeps `message` unless its seq is already held. Returns false for a
   * duplicate (a replay after a reconnect, or the ack and the frame both).
   * @param {Message} message
   */
  add(message) {
    this.see(message.seq);
    if (this.messages.has(message.seq)) return false;
    this.messages.set(message.seq, message);
    this.seqs.splice(this.#indexFor(message.seq), 0, message.seq);
    if (message.author && !this.authors.has(message.author.id)) this.authors.set(message.author.id, message.author.pseudo);
    return true;
  }

  /**
   * The seq held just after `seq` (what a new element goes before), or null
   * when it is the newest.
   * @param {number} seq
   */
  nextSeq(seq) {
    const i = this.#indexFor(seq + 1);
    return i < this.seqs.length ? this.seqs[i] : null;
  }

  /** Forgets a message (deleted by a moderator). @param {number} seq */
  remove(seq) {
    if (!this.messages.delete(seq)) return false;
    this.seqs.splice(this.#indexFor(seq), 1);
    return true;
  }

  /**
   * Takes an `edited` frame: the new text (and the edited mark) of a message
   * held here. Returns the message, or null for one this screen never had.
   * @param {Message} frame
   */
  edit(frame) {
    const held = this.messages.get(frame.seq);
    if (!held) return null;
    const updated = { ...held, text: frame.text, edited: true, edited_at: frame.edited_at };
    this.messages.set(frame.seq, updated);
    return updated;
  }

  /**
   * Takes a `reactions` frame (the counts as I may see them). Returns the
   * message, or null for one this screen never had.
   * @param {number} seq
   * @param {Reaction[]} reactions
   */
  setReactions(seq, reactions) {
    const held = this.messages.get(seq);
    if (!held) return null;
    const updated = { ...held, reactions: reactions.filter((r) => r.count > 0) };
    this.messages.set(seq, updated);
    return updated;
  }

  /**
   * Whether tapping `emoji` on message `seq` adds my reaction (true) or takes
   * it back (false): the `on` of the `react` frame.
   * @param {number} seq
   * @param {string} emoji
   */
  reactionOn(seq, emoji) {
    const held = this.messages.get(seq);
    const mine = (held?.reactions || []).some((r) => r.emoji === emoji && r.mine);
    return !mine;
  }

  /** Forgets an author's name (blocked): the members fallback list drops them. @param {string} id */
  forgetAuthor(id) {
    this.authors.delete(id);
  }

  /** Messages in seq order. */
  ordered() {
    return this.seqs.map((seq) => /** @type {Message} */ (this.messages.get(seq)));
  }

  /** Binary search: the first index whose seq is ≥ `seq`. @param {number} seq */
  #indexFor(seq) {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// What the server puts where it masked something (safety/verdict.py MASK_TOKEN).
export const MASK_TOKEN = "•••";

/** True when the delivered text carries the server's mask. @param {string} text */
export function wasMasked(text) {
  return text.includes(MASK_TOKEN);
}

// Refusals about the message itself: sending it again changes nothing.
const FINAL = new Set(["blocked_by_filter", "held_for_review", "too_long", "not_allowed", "muted", "account_suspended", "trust_required", "blocked", "invalid", "attestation_required"]);

/** Whether a failed send is worth a "Retry" (a limit, a hiccup), or final. @param {string} code */
export function retryable(code) {
  return !FINAL.has(code);
}

/**
 * The send frame's options for a message answering `seq` (none when it
 * answers nothing). A pending message keeps its own seq, so a retry answers
 * the same message whatever reply the composer holds by then.
 * @param {number | null | undefined} seq
 * @returns {{reply_to?: number}}
 */
export function replyOptions(seq) {
  return Number.isFinite(seq) ? { reply_to: seq } : {};
}

/**
 * Whether I may still edit `message`: mine, a text (not a photo), and sent
 * less than EDIT_WINDOW_MS ago by `now` (the server decides in the end).
 * @param {Message} message
 * @param {string} meId
 * @param {number} now milliseconds since the epoch
 */
export function editable(message, meId, now) {
  if (!message || !message.author || message.author.id !== meId || message.image) return false;
  const sent = message.ts ? Date.parse(message.ts) : NaN;
  return Number.isFinite(sent) && now - sent < EDIT_WINDOW_MS;
}
