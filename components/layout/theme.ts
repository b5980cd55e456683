// The colour theme: "system" follows prefers-color-scheme, "light"/"dark" are the user's choice, kept in localStorage.
// The class on <html> (dark or light) is set by a tiny inline script before the first paint (no flash), and by
// applyTheme when the user switches.

export type ThemeChoice = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "enclave-theme";
export const THEME_CHANGE_EVENT = "enclave-theme-change";

/** The script run in <head> before paint; it must not depend on anything else on the page. */
export const THEME_INIT_SCRIPT = `(function(){try{var c=localStorage.getItem("${THEME_STORAGE_KEY}");var d=c==="dark"||(c!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.classList.toggle("light",!d);var m=window.matchMedia("(prefers-color-scheme: dark)");m.addEventListener("change",function(x){var k=localStorage.getItem("${THEME_STORAGE_KEY}");if(k!=="light"&&k!=="dark"){e.classList.toggle("dark",x.matches);e.classList.toggle("light",!x.matches);}});}catch(_){}})();`;

export function readThemeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system";
  }
}

/** Stores the choice and applies it at once. */
export function applyTheme(choice: ThemeChoice) {
  try {
    if (choice === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage can be off (private mode): the choice then lasts for this page only.
  }
  const isDark = choice === "dark" || (choice === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", isDark);
  document.documentElement.classList.toggle("light", !isDark);
  window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
}
