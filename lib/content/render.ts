import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Definition, Heading, Link, Paragraph, Root, RootContent } from "mdast";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import type { TocEntry } from "./schema";
import { parseMarkdown } from "./syntax";

/**
 * Markdown → sanitized HTML for notes, stems, explanations and cards. Raw HTML in the Markdown is dropped (and
 * reported by the content check); the sanitizer is the second fence, so even a bug in our own transforms can
 * never produce `<script>`, `on*=` handlers or `javascript:` URLs.
 */
export interface RenderResult {
  html: string;
  /** Headings of depth 2 and 3 with the ids the HTML carries, for a table of contents. */
  toc: TocEntry[];
}

export const NOTE_LINK_PREFIX = "note:";

export function noteHref(noteId: string): string {
  return `/notes/${encodeURIComponent(noteId)}`;
}

const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), "aside"],
  // Heading ids come from rehype-slug (our own, from the heading text); user-written HTML never reaches here.
  clobber: (defaultSchema.clobber ?? []).filter((name) => name !== "id"),
  attributes: {
    ...defaultSchema.attributes,
    code: [["className", "hljs", /^language-./]],
    span: [["className", /^hljs-[\w-]+$/, /^language-[\w-]+$/]],
    aside: [["className", "callout", "callout-changed", "flashcard"], "dataCardId"],
    div: [...(defaultSchema.attributes?.div ?? []), ["className", "flashcard-front"]],
    details: [["className", "flashcard-back"]],
    p: [["className", "callout-label"]],
    h1: ["id"],
    h2: ["id", ["className", "sr-only"]],
    h3: ["id"],
    h4: ["id"],
    h5: ["id"],
    h6: ["id"],
  },
};

const TOC_DEPTHS = new Set([2, 3]);

/**
 * The table of contents of an already parsed Markdown tree, with the same ids `renderMarkdown` gives its
 * headings. Only the headings go through rehype-slug (every heading, in document order, because the slugger
 * numbers repeats across the whole page); highlighting and sanitizing, most of a render's cost, are skipped.
 */
export function tableOfContents(tree: Root): TocEntry[] {
  const headings: { node: Heading; inAside: boolean }[] = [];
  const walk = (node: { children?: RootContent[] }, inAside: boolean) => {
    for (const child of node.children ?? []) {
      if (child.type === "heading") headings.push({ node: child, inAside });
      else if ("children" in child) walk(child as { children?: RootContent[] }, inAside || child.type === "containerDirective");
    }
  };
  walk(tree, false);
  const root: Root = { type: "root", children: headings.map(({ node }) => ({ ...node, data: undefined })) };
  const hast = unified().use(remarkRehype).use(rehypeSlug).runSync(root) as HastRoot;
  const elements = hast.children.filter((child): child is Element => child.type === "element");
  const entries: TocEntry[] = [];
  elements.forEach((element, index) => {
    const depth = Number(element.tagName.slice(1));
    const heading = headings[index];
    if (heading && !heading.inAside && TOC_DEPTHS.has(depth) && typeof element.properties.id === "string") {
      entries.push({ depth, text: textOf(element), id: element.properties.id });
    }
  });
  return entries;
}

export function renderMarkdown(markdown: string): RenderResult {
  const tree = parseMarkdown(markdown);
  shapeDirectives(tree);
  let toc: TocEntry[] = [];
  const processor = unified()
    .use(remarkRehype)
    .use(rehypeSlug)
    .use(() => (hast: HastRoot) => {
      toc = collectToc(hast);
    })
    .use(rehypeHighlight, { detect: false, plainText: ["text", "txt", "plaintext"] })
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeStringify);
  const hast = processor.runSync(tree as Root);
  const html = processor.stringify(hast as HastRoot);
  return { html, toc };
}

/** Rewrites our Markdown extensions into plain HTML-bound nodes: `note:` links, `:::changed`, `:::card`. */
function shapeDirectives(tree: Root): void {
  const walk = (parent: { children?: RootContent[] }) => {
    if (!parent.children) return;
    for (const node of parent.children) {
      if (node.type === "link" || node.type === "definition") rewriteNoteLink(node);
      if (node.type === "containerDirective") {
        if (node.name === "changed") {
          node.data = { hName: "aside", hProperties: { className: ["callout", "callout-changed"] } };
          node.children.unshift(label("What changed"));
        } else if (node.name === "card") {
          shapeCard(node);
          continue;
        } else {
          node.data = { hName: "div" };
        }
      } else if (node.type === "leafDirective") {
        node.data = { hName: "p" };
      }
      walk(node as { children?: RootContent[] });
    }
  };
  walk(tree);
}

function shapeCard(node: Extract<RootContent, { type: "containerDirective" }>): void {
  const [front, ...back] = node.children;
  const id = typeof node.attributes?.id === "string" ? node.attributes.id : undefined;
  node.data = { hName: "aside", hProperties: { className: ["flashcard"], ...(id ? { dataCardId: id } : {}) } };
  const frontBox = container("div", { className: ["flashcard-front"] }, front ? [front] : []);
  const summary: Paragraph = { type: "paragraph", data: { hName: "summary" }, children: [{ type: "text", value: "Show answer" }] };
  const backBox = container("details", { className: ["flashcard-back"] }, [summary, ...back]);
  node.children = [label("Flashcard"), frontBox, backBox] as typeof node.children;
  for (const child of back) if ("children" in child) rewriteLinksIn(child);
  if (front && "children" in front) rewriteLinksIn(front);
}

function rewriteLinksIn(node: { children?: unknown[] }): void {
  for (const child of node.children ?? []) {
    const typed = child as RootContent;
    if (typed.type === "link" || typed.type === "definition") rewriteNoteLink(typed);
    if ("children" in typed) rewriteLinksIn(typed as { children?: unknown[] });
  }
}

function rewriteNoteLink(node: Link | Definition): void {
  if (node.url.startsWith(NOTE_LINK_PREFIX)) node.url = noteHref(node.url.slice(NOTE_LINK_PREFIX.length));
}

function label(text: string): Paragraph {
  return {
    type: "paragraph",
    data: { hProperties: { className: ["callout-label"] } },
    children: [{ type: "strong", children: [{ type: "text", value: text }] }],
  };
}

function container(tagName: string, properties: Record<string, unknown>, children: RootContent[]): RootContent {
  return {
    type: "containerDirective",
    name: tagName,
    attributes: {},
    data: { hName: tagName, hProperties: properties as never },
    children: children as never,
  };
}

function collectToc(tree: HastRoot): TocEntry[] {
  const entries: TocEntry[] = [];
  const walk = (node: HastRoot | Element) => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      const depth = /^h([1-6])$/.exec(child.tagName)?.[1];
      if (depth && TOC_DEPTHS.has(Number(depth)) && typeof child.properties.id === "string") {
        entries.push({ depth: Number(depth), text: textOf(child), id: child.properties.id });
      } else if (child.tagName !== "aside") {
        walk(child);
      }
    }
  };
  walk(tree);
  return entries;
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}
