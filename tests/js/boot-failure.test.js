import assert from "node:assert/strict";
import { test } from "node:test";

import { showBootFailure, withRetry } from "../../src/causerie/web/boot-failure.js";

test("a failed load is tried once more, then gives up", async () => {
  let calls = 0;
  const flaky = async () => {
    calls += 1;
    if (calls === 1) throw new Error("500");
    return "words";
  };
  assert.equal(await withRetry(flaky), "words");
  assert.equal(calls, 2);

  calls = 0;
  const down = async () => {
    calls += 1;
    throw new Error("network");
  };
  await assert.rejects(withRetry(down), /network/);
  assert.equal(calls, 2);
});

/** Just enough of a DOM for the failure screen: elements that keep children and listeners. */
function fakeDocument() {
  const make = (tag) => ({
    tag,
    children: [],
    listeners: {},
    textContent: "",
    attributes: {},
    setAttribute(name, value) {
      this.attributes[name] = value;
    },
    append(...nodes) {
      this.children.push(...nodes);
    },
    replaceChildren(...nodes) {
      this.children = nodes;
    },
    addEventListener(type, listener) {
      this.listeners[type] = listener;
    },
  });
  const app = make("div");
  app.children.push("Chargement…");
  return { app, getElementById: (id) => (id === "app" ? app : null), createElement: make };
}

const text = (node) =>
  typeof node === "string" ? node : node.textContent + node.children.map(text).join("");

test("the failure screen says it in both languages and its button reloads", () => {
  const doc = fakeDocument();
  let reloads = 0;
  showBootFailure(/** @type {any} */ (doc), () => (reloads += 1));
  const [box] = doc.app.children;
  assert.equal(box.attributes.role, "alert");
  const [message, button] = box.children;
  assert.equal(text(message), "Connexion impossible / Can't connect");
  assert.equal(button.tag, "button");
  assert.equal(text(button), "Réessayer / Retry");
  button.listeners.click();
  assert.equal(reloads, 1);
});
