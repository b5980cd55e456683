"use client";

import { useId, useRef, useState } from "react";
import type { CitationInfo } from "@/lib/chat/message-types";

const TOOLTIP_WIDTH = 288;
const PREVIEW_LENGTH = 280;

/**
 * An [n] marker as a button: hovering or focusing it shows the document's title and the cited passage; activating it
 * opens the source panel. The preview is text, never markup.
 */
export function CitationChip({ citation, onOpen }: { citation: CitationInfo; onOpen: (citation: CitationInfo) => void }) {
  const tooltipId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number; below: boolean } | null>(null);

  const show = () => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return;
    // Fixed positioning clamped to the viewport, so a chip at the edge of a phone screen keeps its preview on screen.
    const left = Math.min(Math.max(8, rect.left + rect.width / 2 - TOOLTIP_WIDTH / 2), window.innerWidth - TOOLTIP_WIDTH - 8);
    const below = rect.top < 200;
    setPosition({ left: Math.max(8, left), top: below ? rect.bottom + 6 : rect.top - 6, below });
  };
  const hide = () => setPosition(null);
  const preview = citation.text.replace(/\s+/g, " ").trim();

  return (
    <span className="relative inline-block align-baseline" onMouseEnter={show} onMouseLeave={hide}>
      <button
        ref={buttonRef}
        type="button"
        onFocus={show}
        onBlur={hide}
        onKeyDown={(event) => {
          if (event.key === "Escape") hide();
        }}
        onClick={() => {
          hide();
          onOpen(citation);
        }}
        aria-label={`Source ${citation.number}: ${citation.title}`}
        aria-describedby={tooltipId}
        data-testid="citation-chip"
        data-number={citation.number}
        data-start={citation.startOffset}
        data-end={citation.endOffset}
        className="mx-0.5 inline-flex h-5 min-w-5 -translate-y-0.5 items-center justify-center rounded-md bg-brand-50 px-1 text-[0.7rem] font-semibold text-brand-700 ring-1 ring-brand-500/30 ring-inset hover:bg-brand-500 hover:text-white dark:bg-zinc-800 dark:text-zinc-100 dark:ring-zinc-600 dark:hover:bg-brand-600"
      >
        {citation.number}
      </button>
      <span
        id={tooltipId}
        role="tooltip"
        hidden={!position}
        data-testid="citation-tooltip"
        style={position ? { left: position.left, top: position.top, width: TOOLTIP_WIDTH, transform: position.below ? undefined : "translateY(-100%)" } : undefined}
        className="pointer-events-none fixed z-40 block rounded-lg border border-zinc-200 bg-white p-3 text-left text-xs leading-relaxed font-normal text-zinc-700 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
      >
        <span className="mb-1 block text-sm font-medium text-zinc-900 dark:text-zinc-50" data-testid="citation-tooltip-title">
          {citation.title}
        </span>
        <span className="block">{preview.length > PREVIEW_LENGTH ? `${preview.slice(0, PREVIEW_LENGTH)}…` : preview}</span>
      </span>
    </span>
  );
}
