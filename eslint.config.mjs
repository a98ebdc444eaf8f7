// A light rule set: ESLint's and typescript-eslint's recommended rules, with
// the few exceptions this codebase relies on on purpose.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "dist-release/", "node_modules/", ".bench/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Heavy modules (zod, the provider inside the plugin process) are loaded with require() on first use.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Tests feed control characters on purpose and reach into SDK internals that have no types.
    files: ["test/**/*.ts"],
    rules: { "no-control-regex": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
);
