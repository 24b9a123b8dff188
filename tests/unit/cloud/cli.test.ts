import { describe, expect, it } from "vitest";
import { buildParser, formatUsage, parseArgs } from "@/lib/cloud/cli/argparse";
import { drawTable, formatList, formatShow, type FormatOptions } from "@/lib/cloud/cli/format";
import type { CommandSpec } from "@/lib/cloud/cli/spec";
import { ok } from "@/lib/cloud/result";

const spec: CommandSpec = {
  words: ["thing", "create"], description: "Create a thing", output: "show",
  options: [
    { names: ["--size"], metavar: "<size>", type: "int", help: "Size" },
    { names: ["--property"], metavar: "<key=value>", action: "keyvalue", help: "Property" },
    { names: ["--tag"], metavar: "<tag>", action: "append", dest: "tags", help: "Tag" },
    { names: ["--enable"], action: "store_true", help: "Enable" },
    { names: ["--disable"], action: "store_true", help: "Disable" },
    { names: ["--interface"], metavar: "<interface>", choices: ["public", "admin"], help: "Interface" },
  ],
  positionals: [{ dest: "name", metavar: "<name>", help: "Name" }],
  exclusive: [{ dests: ["enable", "disable"] }],
  run: () => ok({ kind: "none" }),
};
const parser = buildParser(spec);

describe("argument parsing", () => {
  it("accepts --opt value, --opt=value, repeats, key=value pairs and unique prefixes", () => {
    const r = parseArgs(parser, ["--size=3", "--tag", "a", "--tag", "b", "--prop", "k=v", "x"]);
    expect(r).toMatchObject({ ok: true, args: { size: 3, tags: ["a", "b"], property: { k: "v" }, name: "x" } });
  });

  it("treats everything after -- as positional", () => {
    expect(parseArgs(parser, ["--", "--odd-name"])).toMatchObject({ ok: true, args: { name: "--odd-name" } });
  });

  it("words errors as argparse does", () => {
    const msg = (argv: string[]) => {
      const r = parseArgs(parser, argv);
      return r.ok ? "" : r.message;
    };
    expect(msg([])).toBe("the following arguments are required: <name>");
    expect(msg(["x", "--bogus"])).toBe("unrecognized arguments: --bogus");
    expect(msg(["x", "--size", "big"])).toBe("argument --size: invalid int value: 'big'");
    expect(msg(["x", "--size"])).toBe("argument --size: expected one argument");
    expect(msg(["x", "--enable", "--disable"])).toBe("argument --disable: not allowed with argument --enable");
    expect(msg(["x", "--interface", "private"])).toBe("argument --interface: invalid choice: 'private' (choose from 'public', 'admin')");
    expect(msg(["x", "--property", "novalue"])).toBe("argument --property: Expected 'key=value' type, but got: novalue");
    expect(msg(["x", "y"])).toBe("unrecognized arguments: y");
  });

  it("wraps the usage line under the program name", () => {
    const usage = formatUsage(parser);
    expect(usage.startsWith("usage: openstack thing create [-h] [-f {json,shell,table,value,yaml}]")).toBe(true);
    for (const line of usage.split("\n")) expect(line.length).toBeLessThanOrEqual(78);
    expect(usage).toContain("[--enable | --disable]");
    expect(usage.trimEnd().endsWith("<name>")).toBe(true);
  });
});

const base: FormatOptions = {
  formatter: "table", columns: [], noindent: false, prefix: "", variables: [], maxWidth: 0, fitWidth: false, printEmpty: false,
  quoteMode: "nonnumeric", sortColumns: [], sortDescending: false,
};

describe("formatting", () => {
  it("draws prettytable tables, right-aligning numeric columns", () => {
    const r = formatList(["ID", "Name", "RAM"], [["1", "m1.tiny", 512], ["2", "m1.small", 2048]], base);
    expect(r).toEqual({ ok: true, text: [
      "+----+----------+------+",
      "| ID | Name     |  RAM |",
      "+----+----------+------+",
      "| 1  | m1.tiny  |  512 |",
      "| 2  | m1.small | 2048 |",
      "+----+----------+------+",
      "",
    ].join("\n") });
  });

  it("prints an empty line for an empty table unless --print-empty", () => {
    expect(formatList(["ID"], [], base)).toEqual({ ok: true, text: "\n" });
    expect(formatList(["ID"], [], { ...base, printEmpty: true })).toEqual({ ok: true, text: "+----+\n| ID |\n+----+\n+----+\n" });
  });

  it("splits multi-line values over several table lines", () => {
    expect(drawTable(["Field", "Value"], [["a", "x\ny"]], ["l", "l"])).toBe("+-------+-------+\n| Field | Value |\n+-------+-------+\n| a     | x     |\n|       | y     |\n+-------+-------+");
  });

  it("keeps the command's column order for -c and rejects unknown columns", () => {
    const fields: [string, string][] = [["id", "1"], ["name", "n"]];
    expect(formatShow(fields, { ...base, formatter: "value", columns: ["name", "id"] })).toEqual({ ok: true, text: "1\nn\n" });
    expect(formatShow(fields, { ...base, columns: ["x"] })).toEqual({ ok: false, message: "No recognized column names in ['x']. Recognized columns are ('id', 'name')." });
  });

  it("renders json, yaml, csv and shell like cliff", () => {
    expect(formatShow([["enabled", true], ["name", 'a"b']], { ...base, formatter: "shell" })).toEqual({ ok: true, text: 'enabled="True"\nname="a\\"b"\n' });
    expect(formatList(["ID", "Size"], [["x", 1]], { ...base, formatter: "csv" })).toEqual({ ok: true, text: '"ID","Size"\n"x",1\n' });
    expect(formatList(["ID"], [["x"]], { ...base, formatter: "json", noindent: true })).toEqual({ ok: true, text: '[{"ID": "x"}]\n' });
    expect(formatShow([["b", null], ["a", 1]], { ...base, formatter: "yaml" })).toEqual({ ok: true, text: "a: 1\nb: null\n" });
  });

  it("sorts by --sort-column, None last", () => {
    const r = formatList(["N"], [["b"], [null], ["a"]], { ...base, formatter: "value", sortColumns: ["N"] });
    expect(r).toEqual({ ok: true, text: "a\nb\nNone\n" });
  });
});
