/**
 * The dependency rules of STYLE.md §1 and §3, checked by reading import specifiers, so they hold in CI with no
 * linter: lib/ is framework-free (only lib/auth may import Next.js or Auth.js), lib/ and db/ never import app/,
 * and only db/ builds queries (imports drizzle-orm).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = process.cwd();

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  return readdirSync(full).flatMap((entry) => {
    const child = path.join(full, entry);
    const relative = path.relative(root, child);
    if (statSync(child).isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx|mts)$/.test(entry) ? [relative] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const specifiers: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
    specifiers.push((match[1] ?? match[2] ?? match[3]) as string);
  }
  return specifiers;
}

const violations = (files: string[], forbidden: (specifier: string) => boolean) =>
  files.flatMap((file) => importsOf(file).filter(forbidden).map((specifier) => `${file} imports ${specifier}`));

describe("dependency direction", () => {
  const libFiles = sourceFiles("lib");
  const dbFiles = sourceFiles("db");

  it("scans real files", () => {
    expect(libFiles.length).toBeGreaterThan(5);
    expect(importsOf("lib/auth/index.ts")).toContain("next-auth");
  });

  it("lib/ imports no Next.js or Auth.js, except lib/auth", () => {
    const outsideAuth = libFiles.filter((file) => !file.startsWith(`lib${path.sep}auth${path.sep}`));
    expect(violations(outsideAuth, (s) => s === "next" || s.startsWith("next/") || s.startsWith("next-auth") || s === "react" || s.startsWith("react-dom"))).toEqual([]);
  });

  it("lib/ and db/ never import app/", () => {
    expect(violations([...libFiles, ...dbFiles], (s) => s.startsWith("@/app") || s.includes("/app/"))).toEqual([]);
  });

  it("db/ imports nothing from lib/", () => {
    expect(violations(dbFiles, (s) => s.startsWith("@/lib") || s.startsWith("../lib"))).toEqual([]);
  });

  it("only db/ builds queries", () => {
    const outsideDb = [...libFiles, ...sourceFiles("app"), ...sourceFiles("scripts")];
    expect(violations(outsideDb, (s) => s === "drizzle-orm" || s.startsWith("drizzle-orm/"))).toEqual([]);
  });
});
