// Every table, one file per area; drizzle-kit reads this module to generate migrations.
export * from "./users";
export * from "./content";
export * from "./practice";
export * from "./srs";
export * from "./exams";
export * from "./labs";
export * from "./cohorts";
