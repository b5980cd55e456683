"use client";

import type { Element, ElementContent } from "hast";
import { memo, type ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import remend from "remend";
import { CopyButton } from "./copy-button";
import { rehypeCitations, remarkHtmlAsText } from "./markdown-plugins";

// Answers are Markdown written by a model from documents anyone may have written: nothing in them may run script,
// load anything remote or inject markup. HTML shows as text, the HTML tree is sanitised, images never load (they
// become their alt text), links get a safe protocol allow-list and open in a new tab without referrer or opener.

const SAFE_URL = /^(?:https?:|mailto:)/i;

function safeUrl(url: string): string {
  return SAFE_URL.test(url.trim()) ? url : "";
}

function textOf(node: Element | ElementContent | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.value;
  return "children" in node ? node.children.map((child) => textOf(child as ElementContent)).join("") : "";
}

function components(renderCitation: (n: number, fallback: ReactNode) => ReactNode): Components {
  return {
    a: ({ href, children }) =>
      href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow" referrerPolicy="no-referrer" className="text-brand-600 underline dark:text-brand-50">
          {children}
        </a>
      ) : (
        <span>{children}</span>
      ),
    img: ({ alt }) => (
      <span className="rounded bg-zinc-100 px-1 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" data-testid="blocked-image">
        [image{alt ? `: ${alt}` : ""}]
      </span>
    ),
    pre: ({ node, children }) => (
      <div className="answer-code group relative">
        <CopyButton text={textOf(node)} label="Copy code" testId="copy-code" className="absolute top-1 right-1 bg-white/80 dark:bg-zinc-900/80" />
        <pre>{children}</pre>
      </div>
    ),
    table: ({ children }) => (
      <div className="overflow-x-auto">
        <table>{children}</table>
      </div>
    ),
    sup: ({ children, ...props }) => {
      const marker = (props as Record<string, unknown>)["data-citation"];
      return typeof marker === "string" ? renderCitation(Number(marker), children) : <sup>{children}</sup>;
    },
  };
}

interface AnswerMarkdownProps {
  text: string;
  /** While streaming, unfinished syntax (an open `**` or code fence) is closed so the text does not jump around. */
  isStreaming: boolean;
  /** Renders the chip for `[n]`; `fallback` is the marker as written, for numbers that are not a source. */
  renderCitation: (n: number, fallback: ReactNode) => ReactNode;
}

/** An answer rendered as sanitised Markdown with its [n] markers as citation chips. */
export const AnswerMarkdown = memo(function AnswerMarkdown({ text, isStreaming, renderCitation }: AnswerMarkdownProps) {
  const source = isStreaming ? remend(text, { linkMode: "text-only", images: false, katex: false }) : text;
  return (
    <div className="answer-markdown" data-testid="answer-text">
      <Markdown
        remarkPlugins={[remarkGfm, remarkHtmlAsText]}
        rehypePlugins={[rehypeSanitize, rehypeCitations]}
        urlTransform={safeUrl}
        components={components(renderCitation)}
      >
        {source}
      </Markdown>
    </div>
  );
});
