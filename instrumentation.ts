/**
 * Next.js calls `register` once when a server process starts. The exam sweep runs here so that an attempt
 * whose learner closed the browser is still submitted at its deadline, with no browser involved.
 */
export async function register(): Promise<void> {
  // The edge runtime has no database driver; only the Node.js server runs the sweep.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { systemClock }, { startExamSweep }] = await Promise.all([import("./db/client"), import("./lib/clock"), import("./lib/exam/sweep")]);
  startExamSweep({
    getDb,
    clock: systemClock,
    log: (message, error) => (error ? console.error(message, error) : console.log(message)),
  });
}
