import assert from "node:assert/strict";
import { test } from "node:test";

import { resolveScheme } from "../../src/causerie/web/scheme.js";

test("a chosen scheme wins; auto follows the system", () => {
  assert.equal(resolveScheme("dark", false), "dark");
  assert.equal(resolveScheme("light", true), "light");
  assert.equal(resolveScheme("auto", true), "dark");
  assert.equal(resolveScheme("auto", false), "light");
});
