import Link from "next/link";

/** Picks the earlier run to compare with (a GET form: works without JavaScript, and the URL can be shared). */
export function CompareForm({ action, selected, options }: { action: string; selected: string; options: { id: string; label: string }[] }) {
  if (options.length === 0) return null;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" data-testid="compare-form">
      <label className="text-sm">
        <span className="block font-medium">Compare with</span>
        <select name="compare" defaultValue={selected} className="mt-1 rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950" data-testid="compare-select">
          <option value="none">no comparison</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>{option.label}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700" data-testid="compare-submit">Compare</button>
    </form>
  );
}

/** All questions, only the changed ones, or only those that got worse. */
export function ResultFilter({ path, compare, current }: { path: string; compare: string; current: "all" | "changed" | "worse" }) {
  const link = (show: typeof current, label: string) => (
    <Link
      href={`${path}?compare=${compare}&show=${show}`}
      aria-current={current === show ? "true" : undefined}
      className={`rounded-md px-3 py-1 text-sm ${current === show ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
      data-testid={`results-show-${show}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Which questions" className="mb-3 flex gap-1">
      {link("all", "All")}
      {link("changed", "Changed")}
      {link("worse", "Worse")}
    </nav>
  );
}
