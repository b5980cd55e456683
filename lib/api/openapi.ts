import { z } from "zod";
import { ERRORS, OPERATIONS, PATH_PARAMETERS, REQUESTS, RESPONSES, type Operation } from "./openapi-operations";

// The OpenAPI 3.1 description of /api/v1, generated from the zod schemas the handlers parse with and answer in
// (OpenAPI 3.1 schemas are JSON Schema 2020-12, which z.toJSONSchema writes).

let built: object | undefined;

/** The OpenAPI document (built once). */
export function openApiDocument(): object {
  built ??= {
    openapi: "3.1.0",
    info: { title: "Enclave API", version: "1", description: "Documents, ingestion jobs and questions (passages and answers) of one knowledge base, for other systems. Each API key belongs to one knowledge base." },
    security: [{ apiKey: [] }],
    paths: Object.fromEntries(Object.entries(OPERATIONS).map(([path, methods]) => [path, pathItem(path, methods)])),
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key of the knowledge base (enc_…), as `Authorization: Bearer <key>` or `X-API-Key: <key>`." },
      },
      schemas: { ...schemas(REQUESTS, "input"), ...schemas(RESPONSES, "output") },
      responses: Object.fromEntries(Object.entries(ERRORS).map(([status, description]) => [status, { description, content: json("Error") }])),
    },
  };
  return built;
}

function pathItem(path: string, methods: Record<string, Operation>) {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const parameters = names.map((name) => ({ name, in: "path", required: true, description: PATH_PARAMETERS[name], schema: { type: "string" } }));
  return { ...(parameters.length > 0 ? { parameters } : {}), ...Object.fromEntries(Object.entries(methods).map(([method, operation]) => [method, toOperation(operation)])) };
}

function toOperation(operation: Operation) {
  const replies = Object.entries(operation.replies).map(([status, reply]) => [
    status,
    {
      description: reply.description,
      ...(reply.location ? { headers: { Location: { description: reply.location, schema: { type: "string" } } } } : {}),
      ...(reply.schema ? { content: json(reply.schema) } : status === "200" ? { content: { "application/json": { schema: { type: "object" } } } } : {}),
    },
  ]);
  const errors = operation.errors.map((status) => [String(status), { $ref: `#/components/responses/${status}` }]);
  return {
    summary: operation.summary,
    ...(operation.access === "public" ? { security: [] } : { description: `Needs a ${operation.access} key.` }),
    ...(operation.query ? { parameters: queryParameters(operation.query) } : {}),
    ...(operation.body ? { requestBody: { required: true, content: json(operation.body) } } : {}),
    responses: Object.fromEntries([...replies, ...errors]),
  };
}

function queryParameters(query: z.ZodObject) {
  return Object.entries(query.shape).map(([name, schema]) => {
    const { description, ...rest } = toJsonSchema(schema as z.ZodType, "input");
    return { name, in: "query", required: false, ...(description ? { description } : {}), schema: rest };
  });
}

function schemas(named: Record<string, z.ZodType>, io: "input" | "output") {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { ...options(io), uri: (id) => `#/components/schemas/${id}` }).schemas;
  return Object.fromEntries(Object.entries(generated).map(([id, schema]) => [id, withoutDialect(schema)]));
}

function toJsonSchema(schema: z.ZodType, io: "input" | "output") {
  return withoutDialect(z.toJSONSchema(schema, options(io)));
}

function options(io: "input" | "output") {
  return {
    io,
    unrepresentable: "any" as const,
    // z.int() states JavaScript's safe-integer range on every integer; it says nothing a reader needs.
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  };
}

function json(schema: string) {
  return { "application/json": { schema: { $ref: `#/components/schemas/${schema}` } } };
}

// OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the per-schema $schema and $id are noise inside the document.
function withoutDialect(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}
