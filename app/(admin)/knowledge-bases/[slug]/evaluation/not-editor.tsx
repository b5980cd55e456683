import { EmptyState } from "@/components/ui/empty-state";

/** What a reader of the base sees instead of the evaluation tools. */
export function NotEditor({ team }: { team: string }) {
  return (
    <EmptyState title="Only editors can evaluate this knowledge base" testId="evaluation-forbidden">
      Editors of the team {team}, and administrators, run evaluation sets here to measure how well the knowledge base answers. Ask one of them to make you an editor.
    </EmptyState>
  );
}
