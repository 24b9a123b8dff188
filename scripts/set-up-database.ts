// What every server start does to its database before serving: migrate, create the demo accounts, import
// content/. Shared by `npm start` and the end-to-end tests' server, so the tests start the app as users do.
import { createDb, type CreateDbOptions } from "../db/client";
import { migrate } from "../db/migrate";
import { ensureDemoAccounts } from "../db/seed/demo";
import { createAccount } from "../lib/auth/accounts";
import { importBundledContent } from "./content-step";

export interface SetUpOptions extends CreateDbOptions {
  contentDir: string;
  demoAccounts: boolean;
  log?: (line: string) => void;
}

/** Returns false when content has errors (they are printed); the database is closed either way. */
export async function setUpDatabase(options: SetUpOptions): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  const handle = await createDb(options);
  try {
    await migrate(handle);
    log("  migrations applied");
    if (options.demoAccounts) {
      const { created } = await ensureDemoAccounts(handle.db, createAccount);
      log(created > 0 ? `  created ${created} demo accounts` : "  demo accounts present");
    }
    return await importBundledContent(handle.db, options.contentDir, log);
  } finally {
    // PGlite allows one process per data folder: the server opens it next.
    await handle.close();
  }
}
