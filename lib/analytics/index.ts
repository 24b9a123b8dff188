export * from "./item-stats";
export * from "./risk";
export * from "./roster";
export * from "./mastery";
export * from "./progress";
export * from "./csv";
