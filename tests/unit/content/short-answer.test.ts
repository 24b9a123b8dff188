import { describe, expect, it } from "vitest";
import { acceptsShortAnswer } from "@/lib/content";

describe("short answers", () => {
  const key = {
    answers: [
      { value: "openstack flavor list --long", regex: false },
      { value: "openstack\\s+flavor\\s+list\\s+--long\\s+--all", regex: true },
    ],
    caseSensitive: false,
    whitespace: "collapse" as const,
  };

  it("ignores case and extra spaces by default", () => {
    expect(acceptsShortAnswer(key, "  OpenStack   flavor list  --long ")).toBe(true);
  });

  it("matches a regular expression against the whole response only", () => {
    expect(acceptsShortAnswer(key, "openstack flavor list --long --all")).toBe(true);
    expect(acceptsShortAnswer(key, "sudo openstack flavor list --long --all")).toBe(false);
  });

  it("honours case=sensitive and whitespace=exact", () => {
    const strict = { ...key, caseSensitive: true, whitespace: "exact" as const };
    expect(acceptsShortAnswer(strict, "openstack flavor list --long")).toBe(true);
    expect(acceptsShortAnswer(strict, "OpenStack flavor list --long")).toBe(false);
    expect(acceptsShortAnswer(strict, "openstack flavor  list --long")).toBe(false);
  });
});
