import type { CliCommand } from "../command.ts";

export const tenantListCommand: CliCommand = {
  path: ["tenant", "list"],
  summary: "list tenants",
  usage: "lotse tenant list [--json]",
  options: {},
  async run(_options, { deps }) {
    const tenants = await deps.store.tenants.list();
    return {
      json: tenants.map((t) => ({ id: t.id, name: t.name, timezone: t.timezone })),
      text: tenants.length === 0 ? "No tenants yet." : tenants.map((t) => `${t.id}  ${t.name}  (${t.timezone})`).join("\n"),
    };
  },
};
