import assert from "node:assert/strict";
import { test } from "node:test";

import { modelCategory } from "../../src/causerie/web/signal-names.js";

test("both spellings of a model flag give its category", () => {
  assert.equal(modelCategory("model:grooming"), "grooming"); // the filter's hold reason
  assert.equal(modelCategory("model_grooming"), "grooming"); // the scorer's signal
  assert.equal(modelCategory("grooming"), null);
  assert.equal(modelCategory("modeling"), null);
});
