import "server-only";
import { AppError } from "@/lib/errors";

// The installation-wide switch: with ENCLAVE_LOCAL_ONLY=true nothing is sent to a hosted model, whatever a knowledge
// base says. Checked before anything is retrieved or sent, so the user gets the reason instead of an answer.

export const LOCAL_ONLY_MESSAGE =
  "This knowledge base uses a hosted model, and this installation runs in local-only mode: nothing may be sent outside your network, so it cannot answer. An administrator can switch the knowledge base to a local model.";

/** Throws a 403 with the reason when `kb` would send data to a hosted model while the installation is local-only. */
export function assertEgressAllowed(kb: { modelLocation: "local" | "hosted" }, localOnly: boolean): void {
  if (kb.modelLocation === "hosted" && localOnly) throw new AppError("forbidden", LOCAL_ONLY_MESSAGE);
}
