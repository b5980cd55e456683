/** The outcome line under a form: what failed and what to do, or what succeeded. */
export function FormMessage({ state }: { state: { status: string; message?: string } | null | undefined }) {
  if (!state || !state.message) return null;
  const isOk = state.status === "ok";
  return (
    <p
      role={isOk ? "status" : "alert"}
      data-testid={isOk ? "form-success" : "form-error"}
      className={`text-sm ${isOk ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
    >
      {state.message}
    </p>
  );
}
