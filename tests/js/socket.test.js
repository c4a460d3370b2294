// node --test tests/js/ : the tab's socket, with a stand-in WebSocket (what
// goes on the wire, in which order), without a browser or a server.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";

/** A WebSocket that records what is sent and opens when told. */
class FakeSocket extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  static opened = [];

  constructor(url) {
    super();
    this.url = url;
    this.readyState = FakeSocket.CONNECTING;
    this.sent = [];
    FakeSocket.opened.push(this);
  }

  open() {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event("open"));
  }

  send(data) {
    this.sent.push(JSON.parse(data));
  }

  close() {
    this.readyState = 3;
  }
}

globalThis.WebSocket = FakeSocket;
globalThis.window = new EventTarget();
Object.defineProperty(globalThis, "navigator", { value: { onLine: true }, configurable: true });
globalThis.location = { protocol: "http:", host: "chat.test" };
globalThis.crypto ??= (await import("node:crypto")).webcrypto;

const { ChatSocket } = await import("../../src/causerie/web/socket.js");

const sockets = [];

beforeEach(() => {
  FakeSocket.opened = [];
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.stop(); // its heartbeat would keep node running
});

function connected() {
  const socket = new ChatSocket("ws://chat.test/api/v1/ws");
  sockets.push(socket);
  socket.start();
  const ws = FakeSocket.opened.at(-1);
  ws.open();
  return { socket, ws };
}

test("a message written before its room is joined goes out after the join, not before", () => {
  const { socket, ws } = connected();
  socket.sendMessage("r1", "salut");
  assert.deepEqual(ws.sent, [], "nothing is sent for a room not joined (the server would refuse it)");
  socket.subscribe("r1", () => {}, { since: 0 });
  assert.deepEqual(
    ws.sent.map((f) => [f.type, f.room]),
    [["join", "r1"], ["send", "r1"]],
  );
  assert.equal(ws.sent[1].text, "salut");
});

test("in a joined room a message goes out at once", () => {
  const { socket, ws } = connected();
  socket.subscribe("r1", () => {}, { since: 0 });
  socket.sendMessage("r1", "coucou");
  assert.deepEqual(ws.sent.map((f) => f.type), ["join", "send"]);
});

test("after a reconnection, rooms are joined again before their unacked messages", () => {
  const { socket, ws } = connected();
  socket.subscribe("r1", () => {}, { since: 4 });
  socket.sendMessage("r1", "pas encore acquitté");
  socket.sendMessage("r2", "salon pas rejoint");
  socket.reconnectNow();
  const again = FakeSocket.opened.at(-1);
  assert.notEqual(again, ws);
  again.open();
  assert.deepEqual(
    again.sent.map((f) => [f.type, f.room]),
    [["join", "r1"], ["send", "r1"]],
    "the message of the room never joined still waits for its join",
  );
  assert.equal(again.sent[1].client_id, ws.sent[1].client_id, "re-sent with its own client_id");
});

/** Hands `frame` to the socket as if the server sent it on `ws`. */
function receive(ws, frame) {
  ws.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(frame) }));
}

test("a re-join carries the stream's epoch, and a refused since starts again from the server", () => {
  const { socket, ws } = connected();
  const seen = [];
  socket.subscribe("r1", (frame) => seen.push(frame), { since: 4 });
  assert.equal(ws.sent[0].epoch, undefined, "no epoch before the server named one");
  receive(ws, { type: "joined", room: "r1", last_seq: 7, epoch: "k3x", recovered: true });
  socket.reconnectNow();
  let again = FakeSocket.opened.at(-1);
  again.open();
  assert.deepEqual(again.sent[0], { type: "join", room: "r1", since: 7, epoch: "k3x" });
  // The server lost that stream (a restored database): it says so, and the
  // cursor follows its position instead of staying ahead of it.
  receive(again, { type: "joined", room: "r1", last_seq: 2, epoch: "z9", recovered: false });
  assert.equal(seen.at(-1).recovered, false, "the room view hears it (and reloads the history)");
  socket.reconnectNow();
  again = FakeSocket.opened.at(-1);
  again.open();
  assert.deepEqual(again.sent[0], { type: "join", room: "r1", since: 2, epoch: "z9" });
});
