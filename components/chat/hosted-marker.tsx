/** Marks a knowledge base whose answers come from a hosted model (the picker and the top bar). */
export function HostedMarker({ className = "" }: { className?: string }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/50 dark:text-amber-100 ${className}`}
      title="Questions to this knowledge base are answered by a hosted model; personal details are masked before they leave."
      data-testid="kb-hosted-marker"
    >
      Hosted model
    </span>
  );
}
