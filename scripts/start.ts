// npm start — one command from a fresh clone to a running app: migrate the database (embedded unless
// DATABASE_URL is set), create the demo accounts, import content/, build when the sources changed, and serve.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { demoAccounts } from "../db/seed/demo";
import { readEnv } from "../lib/env";
import { setUpDatabase } from "./set-up-database";

const root = process.cwd();
const env = readEnv();
const step = (text: string) => console.log(`\n▸ ${text}`);

/** Auth.js signs sessions with AUTH_SECRET; without one, make it once and keep it beside the embedded data. */
function ensureAuthSecret(): void {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(root, ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

const buildInputs = ["app", "lib", "db", "package-lock.json", "next.config.ts", "proxy.ts", "postcss.config.mjs", "tsconfig.json"];

function hashSources(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    const full = path.join(root, entry);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const child of readdirSync(full).sort()) visit(path.join(entry, child));
    } else {
      hash.update(entry).update(readFileSync(full));
    }
  };
  buildInputs.forEach(visit);
  return hash.digest("hex");
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

async function main() {
  ensureAuthSecret();

  step(env.DATABASE_URL ? "Database: PostgreSQL at DATABASE_URL" : "Database: embedded PostgreSQL (PGlite) in .data/");
  const ready = await setUpDatabase({ url: env.DATABASE_URL, contentDir: path.join(root, "content"), demoAccounts: env.EXAMSTACK_DEMO_ACCOUNTS });
  if (!ready) {
    console.error("\nThe content has errors (listed above); fix them and run npm start again.");
    process.exitCode = 1;
    return;
  }

  const hashFile = path.join(root, ".next", "examstack-source-hash");
  const sourceHash = hashSources();
  if (existsSync(hashFile) && readFileSync(hashFile, "utf8") === sourceHash) {
    step("Build: up to date");
  } else {
    step("Build: compiling the app (a minute or two the first time)");
    await run(process.execPath, [nextBin, "build"], { NEXT_TELEMETRY_DISABLED: "1" });
    writeFileSync(hashFile, sourceHash);
  }

  step(`Serving on http://localhost:${env.PORT}`);
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(env.PORT), ...(env.HOSTNAME ? ["-H", env.HOSTNAME] : [])], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  for (let tries = 0; tries < 120; tries += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${env.PORT}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`\n  Examstack is ready: http://localhost:${env.PORT}`);
  if (env.EXAMSTACK_DEMO_ACCOUNTS) {
    console.log("\n  Demo accounts (set EXAMSTACK_DEMO_ACCOUNTS=false to skip them on a real server):");
    for (const account of demoAccounts) console.log(`    ${account.role.padEnd(10)} ${account.email.padEnd(28)} password: ${account.password}`);
  }
  console.log("\n  Press Ctrl-C to stop.\n");
  await new Promise<void>((resolve) => server.on("exit", () => resolve()));
}

await main();
