import type { ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { AppHeader } from "@/components/layout/app-header";
import { requireUser } from "@/lib/auth/session";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader user={user} signOutAction={signOutAction} />
      {children}
    </>
  );
}
