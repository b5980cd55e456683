/**
 * Which endpoints each flavor serves. Unknown routes answer the way each server does (gin's 404 text,
 * LM Studio's JSON "Unexpected endpoint").
 */
import { handleChatCompletions } from "./chat";
import { handleEmbeddings, handleOllamaEmbed } from "./embeddings";
import { lmModelNotFound, lmNoRoute, ollamaNoRoute, ollamaV1Error } from "./errors";
import { type Exchange, ok, send } from "./http";
import {
  catalog,
  lmModelList,
  lmModelRetrieve,
  lmV0Model,
  lmV0Models,
  ollamaModelList,
  ollamaModelRetrieve,
  ollamaPs,
  ollamaTags,
  resolveOllama,
} from "./models";
import { handleNativeChat, handleShow, handleVersion } from "./native";
import { isOllama } from "./types";
import { lmJson } from "./json";

function modelIdFrom(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix) || path.length === prefix.length) return undefined;
  try {
    return decodeURIComponent(path.slice(prefix.length));
  } catch {
    return path.slice(prefix.length);
  }
}

function retrieveModel(ex: Exchange, id: string, v0: boolean): void {
  const { state } = ex;
  const unknown = state.failure.kind === "unknown-model";
  if (isOllama(state.flavor)) {
    const model = unknown ? undefined : resolveOllama(state, id);
    return send(ex.res, model ? ok("application/json", ollamaModelRetrieve(model, id)) : ollamaV1Error(404, `model '${id}' not found`));
  }
  const all = catalog(state);
  // Retrieval names one model exactly; the "one loaded model answers any name" quirk is a chat/embeddings thing.
  const model = unknown ? undefined : all.find((m) => m.id === id);
  if (!model) return send(ex.res, lmModelNotFound(id, all.map((m) => m.id)));
  send(ex.res, ok("application/json", v0 ? lmJson(lmV0Model(state, model)) : lmModelRetrieve(model)));
}

export async function route(ex: Exchange): Promise<void> {
  const { method, path, state } = ex;
  const key = `${method} ${path}`;
  if (key === "POST /v1/chat/completions") return handleChatCompletions(ex);
  if (key === "POST /v1/embeddings") return handleEmbeddings(ex);

  if (isOllama(state.flavor)) {
    const modelId = method === "GET" ? modelIdFrom(path, "/v1/models/") : undefined;
    if (modelId !== undefined) return retrieveModel(ex, modelId, false);
    switch (key) {
      case "GET /v1/models":
        return send(ex.res, ok("application/json", ollamaModelList(state)));
      case "GET /":
      case "HEAD /":
        return send(ex.res, ok("text/plain; charset=utf-8", "Ollama is running"));
      case "POST /api/chat":
        return handleNativeChat(ex);
      case "POST /api/embed":
        return handleOllamaEmbed(ex);
      case "POST /api/show":
        return handleShow(ex);
      case "GET /api/tags":
        return send(ex.res, ok("application/json; charset=utf-8", ollamaTags(state)));
      case "GET /api/ps":
        return send(ex.res, ok("application/json; charset=utf-8", ollamaPs(state)));
      case "GET /api/version":
        return handleVersion(ex);
      default:
        return send(ex.res, ollamaNoRoute());
    }
  }

  const v1Id = method === "GET" ? modelIdFrom(path, "/v1/models/") : undefined;
  if (v1Id !== undefined) return retrieveModel(ex, v1Id, false);
  const v0Id = method === "GET" ? modelIdFrom(path, "/api/v0/models/") : undefined;
  if (v0Id !== undefined) return retrieveModel(ex, v0Id, true);
  if (key === "GET /v1/models") return send(ex.res, ok("application/json", lmModelList(state)));
  if (key === "GET /api/v0/models") return send(ex.res, ok("application/json", lmV0Models(state)));
  send(ex.res, lmNoRoute(method, path));
}
