// The pure half of flashcard review (no database): scheduling, queues, days, pacing, statistics, files.
export * from "./card";
export * from "./custom-study";
export * from "./day";
export * from "./exchange";
export * from "./optimizer";
export * from "./pacing";
export * from "./queue";
export * from "./scheduler";
export * from "./settings";
export * from "./stats";
export * from "./question-card";
