"use client";

import { useEffect, useRef, type FormEvent, type KeyboardEvent } from "react";
import { SendIcon, StopIcon } from "./icons";

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: (text: string) => void;
  onStop: () => void;
  /** An answer is on its way: the Stop button replaces Send and the text area waits. */
  isBusy: boolean;
  /** Why nothing can be asked here (read-only chat, no knowledge base), if so. */
  disabledReason?: string;
  placeholder: string;
  maxLength: number;
}

/** The question box: Enter sends, Shift+Enter starts a new line; Stop ends the answer in progress. */
export function Composer({ value, onChange, onSend, onStop, isBusy, disabledReason, placeholder, maxLength }: ComposerProps) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const isDisabled = !!disabledReason;

  useEffect(() => {
    // Grow with the text, up to a third of the screen.
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = `${Math.min(textarea.scrollHeight, window.innerHeight / 3)}px`;
  }, [value]);

  const wasBusy = useRef(false);
  useEffect(() => {
    // Back to typing once an answer has arrived (the text area was disabled while it streamed); not on page load,
    // where focusing would open a phone's keyboard unasked.
    if (wasBusy.current && !isBusy && !isDisabled) textareaRef.current?.focus({ preventScroll: true });
    wasBusy.current = isBusy;
  }, [isBusy, isDisabled]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = value.trim();
    if (!text || isBusy || isDisabled) return;
    onSend(text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that confirms an IME composition (Japanese, Chinese input) must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form onSubmit={submit} className="mx-auto w-full max-w-3xl" data-testid="composer" aria-label="Ask a question">
      <div className="flex items-end gap-2 rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500/40 dark:border-zinc-700 dark:bg-zinc-900">
        <label htmlFor="composer-input" className="sr-only">
          Your question
        </label>
        <textarea
          id="composer-input"
          ref={textareaRef}
          rows={1}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={disabledReason ?? placeholder}
          disabled={isDisabled || isBusy}
          maxLength={maxLength}
          data-testid="composer-input"
          className="max-h-[33vh] min-h-10 flex-1 resize-none bg-transparent px-2 py-2 text-base outline-none focus-visible:outline-none placeholder:text-zinc-500 disabled:cursor-not-allowed sm:text-sm dark:placeholder:text-zinc-400"
        />
        {isBusy ? (
          <button type="button" onClick={onStop} data-testid="composer-stop" className="inline-flex h-10 items-center gap-1.5 rounded-xl bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300">
            <StopIcon />
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={isDisabled || !value.trim()}
            data-testid="composer-send"
            className="inline-flex h-10 items-center gap-1.5 rounded-xl bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50"
          >
            <SendIcon />
            Send
          </button>
        )}
      </div>
      <p className="mt-1 hidden px-2 text-xs text-zinc-600 sm:block dark:text-zinc-400">Enter to send · Shift+Enter for a new line · answers cite their sources</p>
    </form>
  );
}
