/** A GET form that filters a list by `q` (works without JavaScript). */
export function SearchForm({ placeholder, defaultValue }: { placeholder: string; defaultValue?: string }) {
  return (
    <form role="search" className="flex gap-2">
      <input
        type="search"
        name="q"
        defaultValue={defaultValue}
        placeholder={placeholder}
        aria-label={placeholder}
        className="w-full max-w-xs rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        data-testid="list-search"
      />
      <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
        Search
      </button>
    </form>
  );
}
