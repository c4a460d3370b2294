// The browser's formatter says what the server says: every vector of
// fixtures/catalogue-vectors.json (written by tests/unit/test_catalogue_vectors.py
// from the server's formatter, Babel) is formatted again here with Intl.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { formatMessage } from "../../src/causerie/web/messageformat.js";

const vectors = JSON.parse(readFileSync(new URL("./fixtures/catalogue-vectors.json", import.meta.url), "utf8"));

test("the vectors cover both languages", () => {
  assert.ok(vectors.some((v) => v.lang === "fr"));
  assert.ok(vectors.some((v) => v.lang === "en"));
  assert.ok(vectors.length > 100);
});

test("the browser formats every vector as the server does", () => {
  const differ = [];
  for (const v of vectors) {
    // Server texts are in UTC (they say so); the browser's, in its own zone.
    const text = formatMessage(v.message, v.args, v.lang, "UTC");
    if (text !== v.text) differ.push({ key: v.key, lang: v.lang, args: v.args, server: v.text, browser: text });
  }
  assert.deepEqual(differ, []);
});
