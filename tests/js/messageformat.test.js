import assert from "node:assert/strict";
import { test } from "node:test";

import { formatMessage } from "../../src/causerie/web/messageformat.js";

const recent = [["n", "p", { one: [["n", "#"], " message"], other: [["n", "#"], " messages"] }]];

test("plurals follow each language's rules", () => {
  assert.equal(formatMessage(recent, { n: 0 }, "fr"), "0 message");
  assert.equal(formatMessage(recent, { n: 0 }, "en"), "0 messages");
  assert.equal(formatMessage(recent, { n: 1 }, "en"), "1 message");
  assert.equal(formatMessage(recent, { n: 1500 }, "fr"), "1\u202f500 messages");
});

test("an exact plural case wins over the category", () => {
  const message = [["n", "p", { "=0": "none", one: "one", other: "many" }]];
  assert.equal(formatMessage(message, { n: 0 }, "en"), "none");
  assert.equal(formatMessage(message, { n: 1 }, "en"), "one");
});

test("select picks its case, else other", () => {
  const message = [["g", "s", { female: "elle", other: "iel" }], " ", ["p"]];
  assert.equal(formatMessage(message, { g: "female", p: "Léa" }, "fr"), "elle Léa");
  assert.equal(formatMessage(message, { g: "x", p: "Sam" }, "fr"), "iel Sam");
});

test("dates and times in the language's words, in the zone asked", () => {
  const message = [["w", "d", "long"], " ", ["w", "t", "short"]];
  const when = "2026-12-02T23:30:00Z";
  assert.equal(formatMessage(message, { w: when }, "fr", "UTC"), "2 décembre 2026 23:30");
  assert.equal(formatMessage(message, { w: when }, "fr", "Europe/Paris"), "3 décembre 2026 00:30");
  assert.equal(formatMessage(message, { w: when }, "en", "UTC"), "2 December 2026 23:30");
});

test("a missing argument shows, rather than vanishing", () => {
  assert.equal(formatMessage(["Salut ", ["p"], " !"], {}, "fr"), "Salut {p} !");
  assert.equal(formatMessage("plain", {}, "en"), "plain");
});
