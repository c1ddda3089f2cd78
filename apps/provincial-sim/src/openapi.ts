// The OpenAPI description of one system, written from its contract: the key and value schemas
// are the domain's zod schemas, so the description cannot drift from what is served.
import { MAX_KEYS_PER_CALL, SYSTEM_BY_CODE, type Contract, type SystemCode } from "@popfam/sources";
import { z } from "zod";

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: "any", io: "output" });

export function openApiDocument(system: SystemCode, serverUrl: string) {
  const { nameZh, nameEn, path, contract } = SYSTEM_BY_CODE[system];
  const paths: Record<string, unknown> = {};
  for (const [method, operation] of Object.entries(contract as Contract)) {
    paths[`/${method}`] = {
      post: {
        operationId: method,
        summary: operation.summary,
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["keys"], properties: { keys: { type: "array", maxItems: MAX_KEYS_PER_CALL, items: jsonSchema(operation.key) } } },
            },
          },
        },
        responses: {
          "200": {
            description: "每个键一个结果，顺序与请求相同 — one result per key, in the order asked",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["results"],
                  properties: {
                    results: {
                      type: "array",
                      items: {
                        oneOf: [
                          { type: "object", required: ["value"], properties: { value: jsonSchema(operation.value) } },
                          { $ref: "#/components/schemas/KeyError" },
                        ],
                      },
                    },
                  },
                },
              },
            },
          },
          "400": { description: "请求不合法（指明字段） — the request is not valid (the field is named)" },
          "401": { description: "缺少或错误的令牌 — missing or wrong token" },
          "503": { description: "系统暂不可用 — the system is unavailable" },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: `${nameZh} — ${nameEn}`, version: "1", description: `Batch API of the ${nameEn}: every endpoint answers many keys in one call.` },
    servers: [{ url: `${serverUrl}/${path}` }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        KeyError: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
        },
      },
    },
  };
}
