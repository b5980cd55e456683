import { readBodyAtMost } from "@/lib/api/request-body";
import { apiJson, apiRoute } from "@/lib/api/respond";
import { isSameOrigin } from "@/lib/auth/same-origin";
import { getCurrentUser } from "@/lib/auth/session";
import { isUuid } from "@/lib/db/ids";
import { AppError } from "@/lib/errors";
import { importQuestions } from "@/lib/eval/import-set";
import { authorizeEvaluator } from "../access";

type Context = { params: Promise<{ slug: string }> };

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * The import form (multipart/form-data): `file` entries (a CSV, a JSONL, or a BEIR queries.jsonl with its qrels .tsv),
 * `setId` to add to a set or `name` for a new one, and `unknownIds` = warn | reject. Answers 200 with the report, or
 * 4xx with the message and every refused row (`errors`).
 */
export const POST = apiRoute(async (request, { params }: Context) => {
  if (!isSameOrigin(request.headers)) {
    return apiJson({ error: { code: "forbidden", message: "Imports are accepted only from Enclave's own pages. Open the evaluation page and import there." } }, 403);
  }
  const user = await getCurrentUser();
  if (!user) return apiJson({ error: { code: "unauthenticated", message: "Your session has ended. Sign in again, then import the file again." } }, 401);
  const { scope } = await authorizeEvaluator(user, (await params).slug);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) throw tooLarge();
  const bytes = await readBodyAtMost(request, MAX_BYTES, tooLarge);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("invalid_input", "The import arrived incomplete or malformed. Choose the file and import it again.");
  }
  const files = await Promise.all(
    form.getAll("file").flatMap((entry) => (typeof entry === "string" ? [] : [entry])).map(async (file) => ({ name: file.name, text: await decode(file) })),
  );
  const setId = String(form.get("setId") ?? "");
  const name = String(form.get("name") ?? "").trim();
  if (!setId && !name) throw new AppError("invalid_input", "Give the new set a name.");
  if (setId && !isUuid(setId)) throw new AppError("invalid_input", "That set does not exist.");
  try {
    const report = await importQuestions(scope, setId ? { setId } : { newSet: { name: name.slice(0, 200) } }, files, {
      unknownIds: form.get("unknownIds") === "reject" ? "reject" : "warn",
      createdById: user.id,
    });
    return apiJson(report);
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") {
      return apiJson({ error: { code: error.code, message: error.message }, errors: (error.details?.errors as unknown[]) ?? [], columns: error.details?.columns ?? null }, 422);
    }
    throw error;
  }
});

async function decode(file: File): Promise<string> {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  } catch {
    throw new AppError("invalid_input", `${JSON.stringify(file.name)} is not UTF-8 text. Save it as UTF-8 (in Excel: "CSV UTF-8") and import it again.`);
  }
}

function tooLarge(): AppError {
  return new AppError("payload_too_large", `The import is larger than ${MAX_BYTES / 1024 / 1024} MB; split the questions over several files.`);
}
