const colours: Record<string, string> = {
  easy: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  medium: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  hard: "bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-200",
};

/** A lab's difficulty as a coloured pill; the word is always written, so colour is never the only signal. */
export function DifficultyBadge({ difficulty }: { difficulty: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${colours[difficulty] ?? colours.medium}`}>{difficulty}</span>;
}
