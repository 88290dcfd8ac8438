import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "../../src/app/config.ts";
import { parseDockerfile } from "../../scripts/container-check.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (name: string) => readFileSync(join(root, name), "utf8");

interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  env_file?: string;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; retries: number };
  stop_grace_period?: string;
}

describe("compose.yaml", () => {
  const compose = parse(read("compose.yaml")) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  const { postgres, lotse } = compose.services;

  it("runs PostgreSQL 15 on a named volume, healthy once pg_isready answers", () => {
    expect(postgres?.image).toMatch(/^postgres:15(\.|$)/);
    expect(postgres?.volumes).toContain("postgres-data:/var/lib/postgresql/data");
    expect(Object.keys(compose.volumes)).toContain("postgres-data");
    expect(postgres?.healthcheck?.test.join(" ")).toContain("pg_isready -U lotse -d lotse");
    // the password comes from .env, never from the file
    expect(postgres?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it("builds Lotse from this Dockerfile, starts it after PostgreSQL is healthy, on PostgreSQL, and checks /readyz", () => {
    expect(lotse?.build).toBe(".");
    expect(lotse?.env_file).toBe(".env");
    expect(lotse?.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(lotse?.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/lotse:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/lotse$/);
    expect(lotse?.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:3000/readyz");
    expect(lotse?.ports).toEqual(["127.0.0.1:${LOTSE_HOST_PORT:-3000}:3000"]);
    // longer than the server's own 10 s shutdown limit, so SIGTERM ends it, not SIGKILL
    expect(Number.parseInt(lotse?.stop_grace_period ?? "0", 10)).toBeGreaterThan(10);
  });
});

describe("Dockerfile", () => {
  const image = parseDockerfile(read("Dockerfile"));

  it("builds in one stage and runs in another, as the unprivileged user node, with a health check on /healthz", () => {
    expect(image.stages.map((stage) => stage.name)).toEqual(["build", "deps", "runtime"]);
    const runtime = image.stages.at(-1)!;
    expect(runtime.user).toBe("node");
    expect(runtime.healthcheck?.join(" ")).toContain("/healthz");
    expect(image.stages.find((s) => s.name === "deps")?.runs.join("\n")).toContain("npm ci --omit=dev");
    expect(image.stages.find((s) => s.name === "build")?.runs.join("\n")).toContain("npm run build");
    expect(runtime.env).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", LOTSE_PLAYGROUND: "off" });
  });

  it("starts node on the built server directly, with the node flags of npm start", () => {
    const start = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts.start!;
    const runtime = image.stages.at(-1)!;
    expect(["exec", ...runtime.cmd].join(" ")).toBe(start);
    expect(runtime.cmd.at(-1)).toBe("dist/app/main.js");
  });
});

describe(".env.example", () => {
  const lines = read(".env.example").split("\n");
  const named = new Map(
    lines.flatMap((line) => {
      const match = /^#? ?([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );

  it("names every variable the configuration reads", () => {
    const variables = Object.keys(envSchema.shape).sort();
    expect(variables.filter((name) => !named.has(name))).toEqual([]);
    expect([...named.keys()].filter((name) => !variables.includes(name)).sort()).toEqual(["LOTSE_HOST_PORT", "POSTGRES_PASSWORD"]);
  });

  it("carries no secret: keys, tokens and passwords are empty", () => {
    for (const [name, value] of named) {
      if (/KEY|TOKEN|SECRET|PASSWORD/.test(name)) expect({ name, value }).toEqual({ name, value: "" });
    }
  });

  it("with the required values filled in, is a valid production configuration", () => {
    const env = Object.fromEntries([...named].filter(([name]) => !lines.includes(`# ${name}=${named.get(name)}`)));
    const result = envSchema.safeParse({ ...env, LOTSE_DATA_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(result.success).toBe(true);
    expect(result.data?.NODE_ENV).toBe("production");
  });
});
