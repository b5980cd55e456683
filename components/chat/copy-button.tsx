"use client";

import { useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

/** Copies `text` to the clipboard; where there is no clipboard API (plain HTTP on a LAN address) it says so. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Only secure contexts (HTTPS, localhost) have navigator.clipboard; the old command still works elsewhere.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const isCopied = document.execCommand("copy");
    area.remove();
    return isCopied;
  }
}

/** A small button that copies text and confirms it for a moment. */
export function CopyButton({ text, label, testId, className = "" }: { text: string | (() => string); label: string; testId?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    const isCopied = await copyText(typeof text === "function" ? text() : text);
    setState(isCopied ? "copied" : "failed");
    window.setTimeout(() => setState("idle"), 1_500);
  };
  return (
    <button
      type="button"
      onClick={copy}
      data-testid={testId}
      data-state={state}
      className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${className}`}
    >
      {state === "copied" ? <CheckIcon /> : <CopyIcon />}
      <span>{state === "copied" ? "Copied" : state === "failed" ? "Press Ctrl+C" : label}</span>
    </button>
  );
}
