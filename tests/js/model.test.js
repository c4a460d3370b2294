// node --test tests/js/ : the room view's model, without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { RoomModel } from "../../src/causerie/web/model.js";

const alice = { id: "a", pseudo: "Alice" };
const bruno = { id: "b", pseudo: "Bruno" };
const msg = (seq, author = alice) => ({ seq, id: `m${seq}`, text: `t${seq}`, author });

test("messages are kept once each, in seq order, whatever order they come in", () => {
  const room = new RoomModel();
  assert.equal(room.add(msg(5)), true);
  assert.equal(room.add(msg(2)), true);
  assert.equal(room.add(msg(9, bruno)), true);
  assert.equal(room.add(msg(5)), false, "a replayed seq is a duplicate");
  assert.deepEqual(room.ordered().map((m) => m.seq), [2, 5, 9]);
  assert.equal(room.size, 3);
  assert.equal(room.firstSeq, 2);
  assert.equal(room.lastSeq, 9);
});

test("nextSeq says where a new message goes", () => {
  const room = new RoomModel();
  for (const seq of [10, 20, 30]) room.add(msg(seq));
  assert.equal(room.nextSeq(5), 10);
  assert.equal(room.nextSeq(10), 20);
  assert.equal(room.nextSeq(25), 30);
  assert.equal(room.nextSeq(30), null);
  assert.equal(new RoomModel().nextSeq(1), null);
});

test("withheld seqs move the cursor without showing anything", () => {
  const room = new RoomModel();
  room.add(msg(3));
  room.see(7);
  assert.equal(room.lastSeq, 7);
  assert.equal(room.size, 1);
  room.add(msg(4));
  assert.equal(room.lastSeq, 7, "an older message never moves the cursor back");
});

test("removal and authors", () => {
  const room = new RoomModel();
  room.add(msg(1));
  room.add(msg(2, bruno));
  room.add(msg(3));
  assert.deepEqual([...room.authors], [["a", "Alice"], ["b", "Bruno"]]);
  assert.equal(room.remove(2), true);
  assert.equal(room.remove(2), false);
  assert.deepEqual(room.ordered().map((m) => m.seq), [1, 3]);
  assert.equal(room.nextSeq(1), 3);
  room.forgetAuthor("b");
  assert.deepEqual([...room.authors.keys()], ["a"]);
  assert.equal(new RoomModel().firstSeq, Infinity);
});

test("masked text and which failures are worth a retry", async () => {
  const { wasMasked, retryable } = await import("../../src/causerie/web/model.js");
  assert.equal(wasMasked("appelle-moi au •••"), true);
  assert.equal(wasMasked("appelle-moi au 06 12 34 56 78"), false);
  assert.equal(retryable("rate_limited"), true);
  assert.equal(retryable("internal"), true);
  assert.equal(retryable("blocked_by_filter"), false);
  assert.equal(retryable("held_for_review"), false);
});

test("an edit replaces the text and marks it; unknown seqs are ignored", () => {
  const room = new RoomModel();
  room.add(msg(4));
  const edited = room.edit({ seq: 4, text: "corrigé", edited: true, edited_at: "2030-01-01T10:05:00Z" });
  assert.equal(edited.text, "corrigé");
  assert.equal(room.messages.get(4).edited, true);
  assert.equal(room.messages.get(4).author.id, "a", "the rest of the message stays");
  assert.equal(room.edit({ seq: 99, text: "x" }), null);
  assert.equal(room.has(99), false, "an edit never adds a message");
});

test("reactions: counts as given, and whether a tap adds or takes back mine", async () => {
  const { REACTIONS } = await import("../../src/causerie/web/model.js");
  const room = new RoomModel();
  room.add(msg(1));
  assert.equal(room.reactionOn(1, "👍"), true, "nothing yet: a tap adds");
  room.setReactions(1, [{ emoji: "👍", count: 2, mine: true }, { emoji: "😂", count: 0, mine: false }]);
  assert.deepEqual(room.messages.get(1).reactions, [{ emoji: "👍", count: 2, mine: true }]);
  assert.equal(room.reactionOn(1, "👍"), false, "mine already: a tap takes it back");
  assert.equal(room.reactionOn(1, "❤️"), true);
  assert.equal(room.setReactions(42, []), null);
  assert.equal(REACTIONS.length, 6);
});

test("editable: my own text messages, within the window", async () => {
  const { editable, EDIT_WINDOW_MS } = await import("../../src/causerie/web/model.js");
  const sent = Date.parse("2030-01-01T10:00:00Z");
  const mine = { ...msg(1), ts: "2030-01-01T10:00:00Z" };
  assert.equal(editable(mine, "a", sent + 60_000), true);
  assert.equal(editable(mine, "a", sent + EDIT_WINDOW_MS + 1), false, "past the window");
  assert.equal(editable(mine, "b", sent + 60_000), false, "someone else's");
  assert.equal(editable({ ...mine, image: { id: "i" } }, "a", sent), false, "a photo");
  assert.equal(editable({ ...mine, ts: undefined }, "a", sent), false, "no time: not offered");
});

test("a message answering a seq says so in its send frame; one answering nothing does not", async () => {
  const { replyOptions } = await import("../../src/causerie/web/model.js");
  assert.deepEqual(replyOptions(7), { reply_to: 7 });
  assert.deepEqual(replyOptions(null), {});
  assert.deepEqual(replyOptions(undefined), {}); // a photo's pending entry has none
});
