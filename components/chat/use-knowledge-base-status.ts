"use client";

import { useCallback, useEffect, useState } from "react";

export interface ModelState {
  ok: boolean;
  model: string;
  reason?: string;
}

const RECHECK_OFFLINE_MS = 30_000;

/** Whether the knowledge base's chat model is up (null until known); rechecked every 30 s while it is down. */
export function useModelStatus(knowledgeBaseId: string | null) {
  const [checked, setChecked] = useState<{ key: string; status: ModelState } | null>(null);
  const [round, setRound] = useState(0);
  const key = knowledgeBaseId ? `${knowledgeBaseId}#${round}` : null;

  useEffect(() => {
    if (!knowledgeBaseId || !key) return;
    const controller = new AbortController();
    fetch(`/api/chat-bases/${encodeURIComponent(knowledgeBaseId)}/model-status`, { signal: controller.signal, cache: "no-store" })
      .then(async (response) => {
        if (response.ok) setChecked({ key, status: (await response.json()) as ModelState });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [knowledgeBaseId, key]);

  const status = checked && knowledgeBaseId && checked.key.startsWith(`${knowledgeBaseId}#`) ? checked.status : null;
  const isOffline = status?.ok === false;
  useEffect(() => {
    if (!isOffline) return;
    const timer = window.setInterval(() => setRound((value) => value + 1), RECHECK_OFFLINE_MS);
    return () => window.clearInterval(timer);
  }, [isOffline]);

  const recheck = useCallback(() => setRound((value) => value + 1), []);
  return { status, isChecking: !!key && checked?.key !== key, recheck };
}

/** Example questions for a knowledge base: null while loading (or when there is no base to ask). */
export function useExamples(knowledgeBaseId: string | null): string[] | null {
  const [loaded, setLoaded] = useState<{ knowledgeBaseId: string; questions: string[] } | null>(null);
  useEffect(() => {
    if (!knowledgeBaseId) return;
    const controller = new AbortController();
    fetch(`/api/chat-bases/${encodeURIComponent(knowledgeBaseId)}/examples`, { signal: controller.signal, cache: "no-store" })
      .then(async (response) => setLoaded({ knowledgeBaseId, questions: response.ok ? ((await response.json()) as { questions: string[] }).questions : [] }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [knowledgeBaseId]);
  return loaded && loaded.knowledgeBaseId === knowledgeBaseId ? loaded.questions : null;
}
