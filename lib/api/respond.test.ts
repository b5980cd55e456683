import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { ApiProblem } from "./problem";
import { apiError, apiJson, apiNoContent, apiRoute } from "./respond";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("apiError", () => {
  it("answers an AppError with its status, code and message, and asks for a bearer token on 401", async () => {
    const response = apiError(new AppError("unauthenticated", "A valid API key is required."));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: "A valid API key is required." } });
  });

  it("keeps an AppError's details to the server", async () => {
    const response = apiError(new AppError("not_found", "Knowledge base not found.", { probe: "internal" }));
    expect(response.status).toBe(404);
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "Knowledge base not found." } });
  });

  it("answers an ApiProblem with its status, code, message and fields", async () => {
    const response = apiError(new ApiProblem("invalid_json", "Unexpected token at line 2, column 3: expected a value.", { line: 2, column: 3 }));
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: { code: "invalid_json", message: "Unexpected token at line 2, column 3: expected a value.", line: 2, column: 3 } });
    expect(apiError(new ApiProblem("unsupported_media_type", "Send JSON.")).status).toBe(415);
    expect(apiError(new ApiProblem("invalid_documents", "Bad rows.", { errors: [] })).status).toBe(422);
  });

  it("answers anything else with a generic 500 and logs the request line, never its headers", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const request = new Request("http://enclave.test/api/v1/knowledge-bases/kb-1?x=1", { headers: { authorization: "Bearer enc_secret-value" } });
    const response = apiError(new TypeError("boom"), request);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "internal", message: "Something went wrong on the server." } });
    const logged = log.mock.calls.flat().join(" ");
    expect(logged).toContain("GET /api/v1/knowledge-bases/kb-1 failed: TypeError: boom");
    expect(logged).not.toContain("enc_secret-value");
  });

  it("logs a Prisma error by name and code only, since its message echoes query parameters", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = Object.assign(new Error("Invalid query: secretHash = 'abc123'"), { name: "PrismaClientKnownRequestError", code: "P2002" });
    expect(apiError(error).status).toBe(500);
    const logged = log.mock.calls.flat().join(" ");
    expect(logged).toContain("PrismaClientKnownRequestError P2002");
    expect(logged).not.toContain("abc123");
  });
});

describe("apiJson and apiNoContent", () => {
  it("add headers but never drop no-store", async () => {
    const created = apiJson({ id: 1 }, 201, { location: "/x/1", "cache-control": "max-age=60" });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/x/1");
    expect(created.headers.get("cache-control")).toBe("no-store");
    const empty = apiNoContent();
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });
});

describe("apiRoute", () => {
  it("passes a handler's response through and turns what it throws into an error response", async () => {
    const ok = apiRoute(async () => apiJson({ hello: "world" }));
    const failing = apiRoute(async () => {
      throw new AppError("forbidden", "This API key is read-only.");
    });
    const request = new Request("http://enclave.test/api/v1/x");
    expect(await (await ok(request, {})).json()).toEqual({ hello: "world" });
    const refused = await failing(request, {});
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  });
});
