/** A determinate progress bar (a job's, a run's): red once the work failed. */
export function ProgressBar({ label, percent, isFailed, valueText, testId }: { label: string; percent: number; isFailed: boolean; valueText?: string; testId: string }) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      className="h-3 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      data-testid={testId}
    >
      <div className={`h-full transition-[width] duration-500 ${isFailed ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
