import Link from "next/link";

/** Previous/next links that keep the other query parameters (e.g. the search). */
export function Pagination({ page, pageCount, basePath, params }: { page: number; pageCount: number; basePath: string; params: Record<string, string | undefined> }) {
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const query = new URLSearchParams(Object.entries({ ...params, page: String(target) }).filter((entry): entry is [string, string] => !!entry[1]));
    return `${basePath}?${query}`;
  };
  const linkClass = "rounded-lg border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700";
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
      {page > 1 ? <Link className={linkClass} href={href(page - 1)}>Previous</Link> : <span />}
      <span className="text-zinc-600 dark:text-zinc-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link className={linkClass} href={href(page + 1)}>Next</Link> : <span />}
    </nav>
  );
}
