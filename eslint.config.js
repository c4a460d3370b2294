// ESLint (flat config) for the web client and its unit tests: the
// recommended rules, plus the client's own safety rule — no path from data
// to HTML (docs/web-client.md, "Safety of what is shown").
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["src/causerie/web/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "User text becomes text nodes only: use h() from dom.js." },
        { property: "outerHTML", message: "User text becomes text nodes only: use h() from dom.js." },
        { property: "insertAdjacentHTML", message: "User text becomes text nodes only: use h() from dom.js." },
      ],
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      // `let rows = []; try { rows = await get(…) } catch { …; return }`
      // states the fallback where the variable is born: kept on purpose.
      "no-useless-assignment": "off",
    },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
