"use client";

import { useSyncExternalStore } from "react";
import { applyTheme, readThemeChoice, THEME_CHANGE_EVENT, type ThemeChoice } from "./theme";

function subscribe(onChange: () => void) {
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  window.addEventListener("storage", onChange);
  media.addEventListener("change", onChange);
  return () => {
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
    window.removeEventListener("storage", onChange);
    media.removeEventListener("change", onChange);
  };
}

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<ThemeChoice, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

/** Cycles the theme: system (follows the OS) → light → dark. The choice is kept in this browser. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readThemeChoice, () => "system" as ThemeChoice);
  const next = NEXT[choice];
  return (
    <button
      type="button"
      onClick={() => applyTheme(next)}
      className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={`${LABEL[choice]}. Switch to ${LABEL[next].toLowerCase()}.`}
      title={`${LABEL[choice]} (click for ${LABEL[next].toLowerCase()})`}
      data-testid="theme-toggle"
      data-theme-choice={choice}
    >
      <svg viewBox="0 0 20 20" width={18} height={18} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" aria-hidden="true">
        {choice === "light" ? (
          <>
            <circle cx="10" cy="10" r="3.5" />
            <path d="M10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4" />
          </>
        ) : choice === "dark" ? (
          <path d="M16 12.5A6.5 6.5 0 0 1 7.5 4a6.5 6.5 0 1 0 8.5 8.5Z" />
        ) : (
          <>
            <rect x="3" y="4" width="14" height="10" rx="1.5" />
            <path d="M7 17h6M10 14v3" />
          </>
        )}
      </svg>
    </button>
  );
}
