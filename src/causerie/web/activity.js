// How lively a public room is (GET /rooms `recent_messages`,
// `last_message_at`, `members_online`): the home page's order and the
// sentence on each card. No DOM here, so node's test runner checks it.

/**
 * Busiest first: messages in the last hour, then people online now, then
 * the newest message, then the name (stable for quiet rooms).
 * @param {{name: string, recent_messages?: number|null, members_online?: number|null, last_message_at?: string|null}} a
 * @param {{name: string, recent_messages?: number|null, members_online?: number|null, last_message_at?: string|null}} b
 */
export function byActivity(a, b) {
  return (
    (b.recent_messages ?? 0) - (a.recent_messages ?? 0) ||
    (b.members_online ?? 0) - (a.members_online ?? 0) ||
    stamp(b.last_message_at) - stamp(a.last_message_at) ||
    a.name.localeCompare(b.name)
  );
}

/** @param {string|null|undefined} ts */
function stamp(ts) {
  const value = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(value) ? 0 : value;
}

/**
 * What a card says about recent activity: a count for the last hour, else
 * when the last message was written, else that the room is new.
 * @param {{recent_messages?: number|null, last_message_at?: string|null}} room
 * @param {{tn: (key: string, n: number) => string, t: (key: string, vars?: object) => string, ago: (ts: string) => string}} words
 */
export function activityLabel(room, words) {
  if ((room.recent_messages ?? 0) > 0) return words.tn("home.recent", room.recent_messages ?? 0);
  if (room.last_message_at) return words.t("home.last", { when: words.ago(room.last_message_at) });
  return words.t("home.quiet");
}
