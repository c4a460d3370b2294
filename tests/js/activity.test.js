import assert from "node:assert/strict";
import { test } from "node:test";

import { activityLabel, byActivity } from "../../src/causerie/web/activity.js";

const room = (name, extra = {}) => ({ name, recent_messages: 0, members_online: 0, last_message_at: null, ...extra });

test("rooms: recent messages first, then people online, then the newest message, then the name", () => {
  const rooms = [
    room("Zen"),
    room("Ados", { members_online: 3 }),
    room("Cinéma", { recent_messages: 2 }),
    room("Brunch", { last_message_at: "2026-12-01T10:00:00Z" }),
    room("Anime", { last_message_at: "2026-12-01T12:00:00Z" }),
    room("Musique", { recent_messages: 9, members_online: 0 }),
  ];
  assert.deepEqual(rooms.sort(byActivity).map((r) => r.name), ["Musique", "Cinéma", "Ados", "Anime", "Brunch", "Zen"]);
});

test("the card's sentence: a count, else the last message's time, else quiet", () => {
  const words = { tn: (key, n) => `${key}:${n}`, t: (key, vars) => `${key}${vars ? `:${vars.when}` : ""}`, ago: (ts) => `ago(${ts})` };
  assert.equal(activityLabel(room("a", { recent_messages: 4 }), words), "home.recent:4");
  assert.equal(activityLabel(room("a", { last_message_at: "X" }), words), "home.last:ago(X)");
  assert.equal(activityLabel(room("a"), words), "home.quiet");
});
