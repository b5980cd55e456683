import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ApiProblem } from "./problem";
import { readJsonBody } from "./request-body";

const json = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://enclave.test/x", { method: "POST", headers, body });

async function failure(request: Request, maxBytes = 1000) {
  const error = await readJsonBody(request, maxBytes).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiProblem) && !(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe("readJsonBody", () => {
  it("parses UTF-8 JSON, with or without a byte-order mark", async () => {
    expect(await readJsonBody(json('{"a": [1, "ü"]}'))).toEqual({ a: [1, "ü"] });
    expect(await readJsonBody(json(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('"bom"')])))).toBe("bom");
    expect(await readJsonBody(json("[]", { "content-type": "application/merge-patch+json; charset=utf-8" }))).toEqual([]);
  });

  it("locates a syntax error by line and column and names what it found", async () => {
    const error = await failure(json('{\n  "a": 1,\n  "b": tru\n}'));
    expect(error).toMatchObject({ status: 400, code: "invalid_json", fields: { line: 3, column: 8 } });
    expect(error.message).toMatch(/^Unexpected token "t" at line 3, column 8: /);
    expect((await failure(json('{"a": [1, 2,]}'))).message).toBe('Unexpected token "]" at line 1, column 13: a trailing comma before a closing bracket or brace is not allowed in JSON.');
    expect((await failure(json('{"a": "unterminated'))).message).toMatch(/at line 1, column \d+: a string is not closed/);
    expect((await failure(json("[1, 2"))).message).toMatch(/^Unexpected end of input at line 1, column 6/);
  });

  it("refuses an empty body, a body that is not UTF-8, and another media type", async () => {
    expect((await failure(json(null))).message).toBe("The request body is empty. Send a JSON object.");
    expect((await failure(json(new Uint8Array([0x22, 0xe9, 0x22])))).message).toMatch(/not valid UTF-8/);
    for (const headers of [{} as Record<string, string>, { "content-type": "text/json" }, { "content-type": "application/jsonp" }, { "content-type": "application/json; charset=iso-8859-1" }]) {
      expect(await failure(json("{}", headers))).toMatchObject({ status: 415, code: "unsupported_media_type" });
    }
  });

  it("refuses a body over the limit by Content-Length and by counting, whichever comes first", async () => {
    const declared = await failure(json("{}", { "content-type": "application/json", "content-length": "1001" }));
    expect(declared).toMatchObject({ status: 413, code: "payload_too_large" });
    expect(declared.message).toBe("The request body is larger than the limit of 1000 bytes. Send fewer documents per request.");
    // Content-Length understated: the bytes actually read decide.
    expect(await failure(json(`"${"x".repeat(1000)}"`, { "content-type": "application/json", "content-length": "10" }))).toMatchObject({ status: 413 });
    expect(await readJsonBody(json(`"${"x".repeat(998)}"`), 1000)).toHaveLength(998);
  });
});
