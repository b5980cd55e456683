"use client";

import { useRef, useState } from "react";

/** A secret shown this once (a generated password, an API key), with a copy button. */
export function RevealOnce({ label, value }: { label: string; value: string }) {
  const [copyState, setCopyState] = useState<"idle" | "copied" | "selected">("idle");
  const codeRef = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      // Only secure contexts (HTTPS or localhost) have a clipboard API; elsewhere select the text for Ctrl+C.
      await navigator.clipboard.writeText(value);
      setCopyState("copied");
    } catch {
      const range = document.createRange();
      range.selectNodeContents(codeRef.current!);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopyState("selected");
    }
  };
  return (
    <div className="mt-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950" data-testid="reveal-once">
      <p className="font-medium">{label}</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex items-center gap-2">
        <code ref={codeRef} className="break-all rounded bg-white px-2 py-1 dark:bg-zinc-900" data-testid="reveal-value">
          {value}
        </code>
        <button type="button" className="rounded border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700" onClick={copy}>
          {copyState === "copied" ? "Copied" : copyState === "selected" ? "Selected: press Ctrl+C" : "Copy"}
        </button>
      </div>
    </div>
  );
}
