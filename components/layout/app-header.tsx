import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";

export interface HeaderUser {
  email: string;
  role: "admin" | "member";
}

/**
 * The bar above every signed-in page: where to go, who is signed in, the theme, and the way out. It is one fixed
 * height (3.5rem) at every width, so full-height pages below it (the chat) can size themselves.
 */
export function AppHeader({ user, signOutAction }: { user: HeaderUser; signOutAction: () => Promise<void> }) {
  const link = "shrink-0 rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800";
  return (
    <header className="sticky top-0 z-30 h-14 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-full max-w-screen-2xl items-center gap-2 px-3 sm:px-4">
        <Link href="/" className="shrink-0 font-semibold tracking-tight sm:mr-4">
          Enclave
        </Link>
        <nav aria-label="Main" className="flex min-w-0 flex-1 gap-1 overflow-x-auto">
          <Link className={link} href="/chat">
            Chat
          </Link>
          {user.role === "admin" ? (
            <Link className={link} href="/admin" data-testid="nav-admin">
              <span className="sm:hidden">Admin</span>
              <span className="hidden sm:inline">Administration</span>
            </Link>
          ) : null}
          <Link className={link} href="/account">
            Account
          </Link>
        </nav>
        <ThemeToggle />
        <form action={signOutAction} className="flex shrink-0 items-center gap-3">
          <span className="hidden max-w-56 truncate text-sm text-zinc-600 md:inline dark:text-zinc-400" data-testid="current-user">
            {user.email}
          </span>
          <button type="submit" className="inline-flex items-center gap-1.5 rounded-lg border border-zinc-300 px-2 py-1.5 text-sm whitespace-nowrap sm:px-2.5 dark:border-zinc-700" title="Sign out">
            <svg viewBox="0 0 20 20" width={16} height={16} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="sm:hidden">
              <path d="M8 4H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3M12.5 13.5 16 10l-3.5-3.5M16 10H8" />
            </svg>
            <span className="sr-only sm:not-sr-only">Sign out</span>
          </button>
        </form>
      </div>
    </header>
  );
}
