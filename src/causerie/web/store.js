// What the whole client shares: who I am, my socket, my blocks, and the
// last seq I have seen per conversation (kept in localStorage so unread
// counts survive a reload).

export const state = {
  me: null, // User from GET /api/v1/me
  socket: null, // ChatSocket
  inbox: null, // Inbox
  notices: null, // NoticeFeed
  blocked: new Set(), // user ids I blocked
  rooms: [], // last GET /api/v1/rooms
  roomNotices: new Map(), // room id -> notice frames about that room (safety guidance)
  // room id -> Map(client_id -> {text, replyTo, photo, code, detail}): my
  // refused or held sends, which exist only here (the server kept nothing to
  // replay), so a redraw (a language switch) does not lose them.
  unsentSends: new Map(),
};

function seenKey(room) {
  return `causerie.seen.${state.me ? state.me.id : "anon"}.${room}`;
}

/** The last seq I saw in `room`, or null if I never opened it. */
export function seenSeq(room) {
  try {
    const raw = localStorage.getItem(seenKey(room));
    return raw === null ? null : Number(raw);
  } catch {
    return null;
  }
}

export function markSeen(room, seq) {
  const before = seenSeq(room) ?? 0;
  if (seq <= before) return;
  try {
    localStorage.setItem(seenKey(room), String(seq));
  } catch {
    /* storage full or disabled: unread counts just reset */
  }
}

/** Suspended or banned: the account may only read its notices and appeal. */
export function isSuspended(user) {
  return Boolean(user) && (user.status === "suspended" || user.status === "banned");
}

/** Moderators and admins see the moderation pages (the server decides anyway). */
export function isStaff(user) {
  return Boolean(user) && (user.role === "moderator" || user.role === "admin");
}
