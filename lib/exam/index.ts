// The pure part of lib/exam: blueprint draws, the attempt's rules, scoring and redaction. The database-backed
// functions live in ./service (they import db/), so unit tests and the browser bundle can import this alone.
export * from "./attempt";
export * from "./blueprint";
export * from "./redact";
export * from "./regrade";
export * from "./result";
export * from "./scoring";
