import js from "@eslint/js";
import tseslint from "typescript-eslint";

const forbiddenInCore = [
  "grammy",
  "grammy/*",
  "@grammyjs/*",
  "botbuilder",
  "botbuilder-*",
  "botframework-*",
  "@microsoft/*",
  "@prisma/*",
  "prisma",
  "prisma/*",
  "node-cron",
  "pg",
  "better-sqlite3",
  "@libsql/*",
  "fastify",
  "fastify/*",
  "@fastify/*",
  "express",
  "restify",
  "pino",
  "chrono-node",
  "chrono-node/*",
  "node:http",
  "node:https",
  "http",
  "https",
  "**/store/**",
  "**/bots/**",
  "**/app/**",
  "**/cli/**",
];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "src/store/generated/", "coverage/", "test-artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: forbiddenInCore,
              message: "src/core talks to its own ports: no transport, database, scheduler or logger packages here.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/store/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["@prisma/*", "**/store/generated/**"], message: "Only src/store imports Prisma." }],
        },
      ],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: forbiddenInCore,
              message: "src/core talks to its own ports: no transport, database, scheduler or logger packages here.",
            },
          ],
        },
      ],
    },
  },
  { files: ["bin/**/*.js", "scripts/**/*.js", "bench/**/*.js"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
);
