import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { createDb, type Db } from "@/db/client";
import { setUpDatabase } from "@/scripts/set-up-database";

export interface TestServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the built app (`next build` ran before, see scripts/test.ts) the way `npm start` does — database
 * migrated, demo accounts, content imported — on its own port and its own fresh database: a temp PGlite
 * folder, or a new database on DATABASE_URL's server.
 */
export interface TestServerOptions {
  /** Runs on the prepared database before the server starts (PGlite admits one process at a time). */
  seed?: (db: Db) => Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const port = 3100 + Math.floor(Math.random() * 800);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  let dropDatabase = async () => {};
  let dataDir: string | undefined;
  if (process.env.DATABASE_URL) {
    const name = `examstack_e2e_${randomBytes(5).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    };
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), "examstack-e2e-"));
    env.EXAMSTACK_DATA_DIR = path.join(dataDir, "pglite");
    delete env.DATABASE_URL;
  }
  const ready = await setUpDatabase({
    url: env.DATABASE_URL,
    dataDir: env.EXAMSTACK_DATA_DIR,
    contentDir: path.join(process.cwd(), "content"),
    demoAccounts: true,
    log: () => {},
  });
  if (!ready) throw new Error("the bundled content has errors; run npm run content:check");
  if (options.seed) {
    const handle = await createDb({ url: env.DATABASE_URL, dataDir: env.EXAMSTACK_DATA_DIR });
    try {
      await options.seed(handle.db);
    } finally {
      await handle.close();
    }
  }

  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const server: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within a minute:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    baseUrl,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
      await dropDatabase();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
