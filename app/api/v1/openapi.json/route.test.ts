import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "./route";

const API_DIR = path.resolve(import.meta.dirname, "..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

interface Document {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

async function fetchDocument(): Promise<Document> {
  const response = await GET(new Request("http://enclave.test/api/v1/openapi.json"), {});
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return JSON.parse(await response.text()) as Document;
}

/** Every route file under app/api/v1 as its OpenAPI path template, with the methods it exports. */
async function routes(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const file of readdirSync(API_DIR, { recursive: true, encoding: "utf8" }).filter((name) => path.basename(name) === "route.ts")) {
    const template = `/api/v1/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
    const exported = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    found.set(template, METHODS.filter((method) => typeof exported[method] === "function"));
  }
  return found;
}

// `{jobId}:cancel` is an action on the `[jobId]` route, not a folder of its own.
function routeOf(documented: string): string {
  const folder = path.join(API_DIR, documented.replace(/^\/api\/v1\//, "").replace(/\{(\w+)\}/g, "[$1]"));
  return existsSync(folder) ? documented : documented.replace(/:\w+$/, "");
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document whose references all resolve", async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe("3.1.0");
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref.split("/").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, ref).toBeDefined();
    }
  });

  it("documents exactly the routes and methods that exist", async () => {
    const document = await fetchDocument();
    const existing = await routes();
    const documented = new Map<string, string[]>();
    for (const [template, item] of Object.entries(document.paths)) {
      const route = routeOf(template);
      const methods = Object.keys(item).filter((key) => METHODS.includes(key.toUpperCase())).map((key) => key.toUpperCase());
      documented.set(route, [...new Set([...(documented.get(route) ?? []), ...methods])].sort());
    }
    expect(new Map([...existing].map(([route, methods]) => [route, [...methods].sort()]))).toEqual(documented);
    expect(existing.get("/api/v1/knowledge-bases/{kb}/documents/{sourceId}")).toEqual(["GET", "PUT", "DELETE"]);
  });

  it("asks for the API key everywhere but on itself", async () => {
    const document = (await fetchDocument()) as Document & { security: unknown };
    expect(document.security).toEqual([{ apiKey: [] }]);
    expect(document.components.securitySchemes).toMatchObject({ apiKey: { type: "http", scheme: "bearer" } });
    expect(document.paths["/api/v1/openapi.json"]!.get).toMatchObject({ security: [] });
  });
});
