import { inputClass, SelectField, TextAreaField, TextField } from "@/components/ui/field";

export interface PrivacyValues {
  modelLocation: "local" | "hosted";
  /** Whether an API key is stored; the key itself never reaches the browser. */
  hasApiKey: boolean;
  /** The base's own patterns as "LABEL: regular expression" lines. */
  piiPatternLines: string;
  /** Shown while the base is hosted: what leaves, and where to. */
  hostedWarning?: string;
  /** ENCLAVE_LOCAL_ONLY: hosted models are refused installation-wide. */
  isLocalOnly: boolean;
}

/** Where the chat model runs (local or hosted, with its API key and the admin's confirmation) and what is masked. */
export function KnowledgeBasePrivacyFields({ values }: { values: PrivacyValues }) {
  return (
    <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-2" data-testid="kb-privacy-fields">
      <legend className="mb-2 text-sm font-medium text-zinc-600 dark:text-zinc-400">Privacy</legend>
      {values.hostedWarning ? (
        <p className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 sm:col-span-2 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100" role="note" data-testid="kb-hosted-warning">
          {values.hostedWarning}
        </p>
      ) : null}
      <SelectField
        label="Chat model location"
        name="modelLocation"
        defaultValue={values.modelLocation}
        data-testid="kb-model-location"
        hint={
          values.isLocalOnly
            ? "This installation runs in local-only mode (ENCLAVE_LOCAL_ONLY): hosted models are refused."
            : "Local: the chat endpoint must be on this machine or your private network. Hosted: questions, history and passages leave it, with personal details masked."
        }
      >
        <option value="local">Local (nothing leaves your network)</option>
        <option value="hosted">Hosted (masked prompts sent to the chat endpoint)</option>
      </SelectField>
      <TextField
        label="Hosted chat API key"
        name="chatApiKey"
        type="password"
        autoComplete="off"
        placeholder={values.hasApiKey ? "A key is stored; leave empty to keep it" : "Needed for a hosted endpoint"}
        data-testid="kb-chat-api-key"
        hint={
          <span data-testid="kb-api-key-state">
            {values.hasApiKey ? "A key is stored (encrypted; it is never shown)." : "No key is stored."} Kept while the endpoint&apos;s address stays the same; dropped when the base goes local.
          </span>
        }
      />
      <label className="flex items-start gap-2 text-sm sm:col-span-2">
        {/* Ticked already for a base that is hosted: the explicit choice is switching to hosted, not every later save. */}
        <input type="checkbox" name="isHostedConfirmed" defaultChecked={values.modelLocation === "hosted"} className="mt-1" data-testid="kb-hosted-confirm" />
        <span>
          I confirm questions go to a hosted model: with a hosted location, questions, conversation history and retrieved passages are sent to the chat endpoint, with
          personal details replaced by placeholders first (detection is not perfect).
        </span>
      </label>
      <div className="sm:col-span-2">
        <TextAreaField
          label="Own personal-data patterns"
          name="piiPatterns"
          rows={3}
          defaultValue={values.piiPatternLines}
          placeholder={"MRN: MRN-\\d{6}\nEMPLOYEE_ID: E\\d{5}"}
          className={`${inputClass} font-mono`}
          data-testid="kb-pii-patterns"
          hint="One per line, LABEL: regular expression. Masked before a hosted call, besides names, e-mail addresses, phone numbers, ids, card numbers, IBANs, IP addresses, birth dates and addresses."
        />
      </div>
    </fieldset>
  );
}
