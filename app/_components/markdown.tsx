import { renderMarkdown } from "@/lib/content/render";

/**
 * Markdown rendered on the server to sanitized HTML (lib/content/render: rehype-sanitize drops scripts, event
 * handlers and javascript: URLs), so setting it as HTML is safe.
 */
export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  const { html } = renderMarkdown(source);
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
