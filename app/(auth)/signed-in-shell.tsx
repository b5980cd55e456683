import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { requireUser } from "@/lib/auth/session";
import { signOutAction } from "./actions";

/** The frame of every signed-in page: a valid session (else the login page) and the header. */
export async function SignedInShell({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader user={user} signOutAction={signOutAction} />
      {children}
    </>
  );
}
