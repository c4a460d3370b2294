// The room view's state, apart from the DOM: which messages are known (by
// seq), the cursor for replays, who has written here. The view asks it what
// to do (is this new? where does it go?) and only draws.

/**
 * @typedef {{id: string, pseudo: string}} Author
 * @typedef {{seq: number, id?: string, text?: string, ts?: string, author?: Author}} Message
 */

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
