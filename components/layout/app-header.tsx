import Link from "next/link";

export interface HeaderUser {
  email: string;
  role: "admin" | "member";
}

/** The bar above every signed-in page: where to go, who is signed in, and the way out. */
export function AppHeader({ user, signOutAction }: { user: HeaderUser; signOutAction: () => Promise<void> }) {
  const link = "rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800";
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-4 py-2">
        <Link href="/" className="mr-4 font-semibold tracking-tight">
          Enclave
        </Link>
        <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
          <Link className={link} href="/chat">
            Chat
          </Link>
          {user.role === "admin" ? (
            <Link className={link} href="/admin" data-testid="nav-admin">
              Administration
            </Link>
          ) : null}
          <Link className={link} href="/account">
            Account
          </Link>
        </nav>
        <form action={signOutAction} className="flex items-center gap-3">
          <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="current-user">
            {user.email}
          </span>
          <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
            Sign out
          </button>
        </form>
      </div>
    </header>
  );
}
