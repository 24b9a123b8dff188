// The content step of a server start. The importer arrives with the content engine (lib/content/import.ts);
// until it does, start says that content is not imported rather than pretending it was.
import type { Db } from "../db/client";

export async function importBundledContent(_db: Db, _dir: string, log: (line: string) => void): Promise<boolean> {
  log("  content import is not available in this build; no content imported");
  return true;
}
