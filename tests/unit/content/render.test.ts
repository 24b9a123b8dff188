import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/content";

describe("rendering Markdown to HTML", () => {
  it("renders a hostile note inert: no script, no event handlers, no javascript: URLs", () => {
    const { html } = renderMarkdown(`# Hostile

<script>alert("raw")</script>

<img src="x" onerror="alert('img')">

Inline <span onclick="alert('span')">text</span> and a [link](javascript:alert('link')) and
[another](JAVASCRIPT:alert(1)) and ![image](javascript:alert(2)).

<a href="javascript:alert(3)" onmouseover="alert(4)">raw link</a>

<iframe src="https://example.org"></iframe>
`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain("<h1 id=\"hostile\">Hostile</h1>");
    // The link text stays readable; only the dangerous target is gone.
    expect(html).toContain("<a>link</a>");
  });

  it("keeps syntax highlighting classes for console, bash and yaml code", () => {
    const { html } = renderMarkdown("```console\n$ openstack server list\n```\n\n```bash\nexport OS_CLOUD=devstack\n```\n\n```yaml\nheat_template_version: 2021-04-16\n```\n");
    expect(html).toContain('<code class="hljs language-console">');
    expect(html).toContain('<span class="hljs-meta">$ </span>');
    expect(html).toContain('<code class="hljs language-bash">');
    expect(html).toContain('<span class="hljs-built_in">export</span>');
    expect(html).toContain('<span class="hljs-attr">heat_template_version:</span>');
  });

  it("gives headings ids and returns them as a table of contents", () => {
    const { html, toc } = renderMarkdown("## Creating a flavor\n\ntext\n\n### Access\n\n## Creating a flavor\n");
    expect(html).toContain('<h2 id="creating-a-flavor">');
    expect(html).toContain('<h2 id="creating-a-flavor-1">');
    expect(toc).toEqual([
      { depth: 2, text: "Creating a flavor", id: "creating-a-flavor" },
      { depth: 3, text: "Access", id: "access" },
      { depth: 2, text: "Creating a flavor", id: "creating-a-flavor-1" },
    ]);
  });

  it("rewrites note: links to note pages", () => {
    const { html } = renderMarkdown("Read [servers](note:nova-servers) first.");
    expect(html).toContain('<a href="/notes/nova-servers">servers</a>');
  });

  it("renders :::changed as an aside and a card as a flashcard with its back folded away", () => {
    const { html } = renderMarkdown(`:::changed
Older guides use \`nova flavor-create\`.
:::

:::card{#card-x}
What does a flavor fix?

The vCPUs and the **RAM**.
:::
`);
    expect(html).toContain('<aside class="callout callout-changed"><p class="callout-label"><strong>What changed</strong></p><p>Older guides use <code>nova flavor-create</code>.</p></aside>');
    expect(html).toContain('<aside class="flashcard" data-card-id="card-x">');
    expect(html).toContain('<div class="flashcard-front"><p>What does a flavor fix?</p></div>');
    expect(html).toContain('<details class="flashcard-back"><summary>Show answer</summary><p>The vCPUs and the <strong>RAM</strong>.</p></details>');
  });
});
