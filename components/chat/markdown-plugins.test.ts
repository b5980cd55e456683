import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import Markdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { rehypeCitations, remarkHtmlAsText } from "./markdown-plugins";

function render(markdown: string): string {
  return renderToStaticMarkup(
    createElement(Markdown, { remarkPlugins: [remarkGfm, remarkHtmlAsText], rehypePlugins: [rehypeSanitize, rehypeCitations] }, markdown),
  );
}

describe("answer markdown plugins", () => {
  it("turns [n] markers into citation elements, except in code and links", () => {
    const html = render("Leave is 25 days [1][2]. See `[3]` and [x](https://example.org) [10].");
    expect(html).toContain('<sup data-citation="1">[1]</sup><sup data-citation="2">[2]</sup>');
    expect(html).toContain('<sup data-citation="10">[10]</sup>');
    expect(html).toContain("<code>[3]</code>");
  });

  it("shows HTML as text: a script or an image with onerror never becomes markup", () => {
    const html = render('Hi <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<b>bold</b>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
  });
});
