/** Says once per run which databases the integration and e2e tests use. */
export default function announceDatabases(): void {
  const postgres = process.env.TEST_POSTGRES_URL;
  const line = postgres
    ? "databases under test: sqlite, postgresql (TEST_POSTGRES_URL)"
    : "databases under test: sqlite only (set TEST_POSTGRES_URL to include PostgreSQL)";
  process.stdout.write(`\n[lotse] ${line}\n`);
}
