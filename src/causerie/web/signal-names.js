// Names of the safety signals and reasons as the server writes them. The
// learned model's flags come in two spellings: the filter's hold reason is
// `model:<category>` (safety/checks/model.py), the conversation scorer's
// signal `model_<category>` (safety/model/signals.py). Both get the
// category's words under "Spotted by the model: …".

const MODEL_PREFIXES = ["model:", "model_"];

/**
 * The category a model flag names, or null when `name` is not one.
 * @param {string} name
 * @returns {string | null}
 */
export function modelCategory(name) {
  const prefix = MODEL_PREFIXES.find((p) => name.startsWith(p));
  return prefix ? name.slice(prefix.length) : null;
}
