import type { Root, RootContent, Text } from "mdast";
import remarkDirective from "remark-directive";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkStringify from "remark-stringify";
import { unified } from "unified";

/**
 * The syntax every content file is written in: CommonMark, GitHub extensions, YAML front matter and generic
 * directives. These plugins only register syntax; the passes in `../parse.ts` walk the tree and decide what
 * is allowed where (the remark-lint split between parsing and checking).
 */
const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]).use(remarkDirective).freeze();

/** Serializes a slice of a tree back to Markdown, for parts stored on their own (stems, options, card backs). */
const serializer = unified()
  .use(remarkGfm)
  .use(remarkDirective)
  .use(remarkStringify, { bullet: "-", fences: true, listItemIndent: "one", rule: "-" })
  .freeze();

export function parseMarkdown(source: string): Root {
  const tree = parser.parse(source);
  restoreTextDirectives(tree, source);
  return tree;
}

export function toMarkdown(nodes: readonly RootContent[]): string {
  if (nodes.length === 0) return "";
  return serializer.stringify({ type: "root", children: [...nodes] }).trimEnd();
}

/**
 * remark-directive reads any `:word` in running text as a text directive, so prose such as `admin:member` or
 * `10:30am` would silently lose its colon and word. Content uses no text directives, so each one is put back
 * as the exact text the author wrote.
 */
function restoreTextDirectives(tree: Root, source: string): void {
  const visit = (node: { children?: unknown[] }) => {
    if (!Array.isArray(node.children)) return;
    node.children = node.children.map((child) => {
      const typed = child as { type: string; position?: Root["position"]; children?: unknown[] };
      if (typed.type === "textDirective" && typed.position?.start.offset !== undefined && typed.position.end.offset !== undefined) {
        const text: Text = {
          type: "text",
          value: source.slice(typed.position.start.offset, typed.position.end.offset),
          position: typed.position,
        };
        return text;
      }
      visit(typed);
      return child;
    });
  };
  visit(tree);
}

/** The plain text of a node, as a reader sees it (mdast-util-to-string, without the extra dependency). */
export function plainText(node: unknown): string {
  if (!node || typeof node !== "object") return "";
  const typed = node as { value?: unknown; children?: unknown[]; alt?: unknown };
  if (typeof typed.value === "string") return typed.value;
  if (Array.isArray(typed.children)) return typed.children.map(plainText).join("");
  if (typeof typed.alt === "string") return typed.alt;
  return "";
}
