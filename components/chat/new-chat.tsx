"use client";

import { usePathname } from "next/navigation";
import { useState } from "react";
import { ChatView, type ChatViewProps } from "./chat-view";

/**
 * The /chat page's chat. Its address becomes /chat/{id} in place once the first answer starts (the page stays mounted
 * so the stream goes on); coming back to /chat later, e.g. with "New chat", must start over with a new id, even if the
 * router reuses this page's payload, so the view is keyed by arrivals at /chat.
 */
export function NewChat(props: Omit<ChatViewProps, "chat">) {
  const pathname = usePathname();
  const [visit, setVisit] = useState({ pathname, count: 0 });
  if (visit.pathname !== pathname) setVisit({ pathname, count: pathname === "/chat" ? visit.count + 1 : visit.count });
  return <ChatView key={visit.count} {...props} />;
}
