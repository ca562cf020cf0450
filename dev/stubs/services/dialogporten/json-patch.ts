/**
 * RFC 6902 JSON Patch over plain JSON values: add, remove, replace, move, copy and test, with RFC 6901 pointers.
 * A patch is atomic: it is applied to a copy, and any failing operation leaves the original untouched.
 */
import { cloneJson, isJsonArray, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from "./json.js";

export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: JsonValue }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

export class JsonPatchError extends Error {}

export function applyJsonPatch(document: JsonValue, operations: readonly JsonPatchOperation[]): JsonValue {
  let working = cloneJson(document);
  operations.forEach((operation, index) => {
    try {
      working = applyOperation(working, operation);
    } catch (error) {
      if (error instanceof JsonPatchError) {
        throw new JsonPatchError(`Operation ${index} (${operation.op} ${operation.path}): ${error.message}`);
      }
      throw error;
    }
  });
  return working;
}

function applyOperation(document: JsonValue, operation: JsonPatchOperation): JsonValue {
  const path = parsePointer(operation.path);
  switch (operation.op) {
    case "add":
      return addValue(document, path, cloneJson(operation.value));
    case "remove":
      return removeValue(document, path);
    case "replace":
      valueAt(document, path);
      return addValue(removeValue(document, path, true), path, cloneJson(operation.value));
    case "move": {
      const from = parsePointer(operation.from);
      if (from.length < path.length && from.every((token, index) => token === path[index])) {
        throw new JsonPatchError("a value cannot be moved into one of its own children");
      }
      const moved = valueAt(document, from);
      return addValue(removeValue(document, from), path, moved);
    }
    case "copy":
      return addValue(document, path, cloneJson(valueAt(document, parsePointer(operation.from))));
    case "test":
      if (!jsonEqual(valueAt(document, path), operation.value)) throw new JsonPatchError("the test failed");
      return document;
  }
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPatchError(`'${pointer}' is not a JSON Pointer`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function valueAt(document: JsonValue, path: readonly string[]): JsonValue {
  let current = document;
  for (const token of path) current = childOf(current, token);
  return current;
}

function childOf(container: JsonValue, token: string): JsonValue {
  if (isJsonArray(container)) {
    const index = arrayIndex(token, container.length - 1);
    return container[index] as JsonValue;
  }
  if (isJsonObject(container) && Object.hasOwn(container, token)) return container[token] as JsonValue;
  throw new JsonPatchError(`'${token}' does not exist`);
}

function addValue(document: JsonValue, path: readonly string[], value: JsonValue): JsonValue {
  if (path.length === 0) return value;
  const parent = valueAt(document, path.slice(0, -1));
  const key = path[path.length - 1] as string;
  if (isJsonArray(parent)) {
    const index = key === "-" ? parent.length : arrayIndex(key, parent.length);
    parent.splice(index, 0, value);
  } else if (isJsonObject(parent)) {
    setMember(parent, key, value);
  } else {
    throw new JsonPatchError(`the parent of '${key}' is neither an object nor an array`);
  }
  return document;
}

/** `replacing`: replace is remove + add at the same place, and may target the whole document. */
function removeValue(document: JsonValue, path: readonly string[], replacing = false): JsonValue {
  if (path.length === 0) {
    if (replacing) return null;
    throw new JsonPatchError("the whole document cannot be removed");
  }
  const parent = valueAt(document, path.slice(0, -1));
  const key = path[path.length - 1] as string;
  if (isJsonArray(parent)) {
    parent.splice(arrayIndex(key, parent.length - 1), 1);
  } else if (isJsonObject(parent) && Object.hasOwn(parent, key)) {
    delete parent[key];
  } else {
    throw new JsonPatchError(`'${key}' does not exist`);
  }
  return document;
}

function arrayIndex(token: string, highest: number): number {
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new JsonPatchError(`'${token}' is not an array index`);
  const index = Number(token);
  if (index > highest) throw new JsonPatchError(`index ${index} is out of range`);
  return index;
}

// Plain assignment of "__proto__" would change the object's prototype instead of adding a member.
function setMember(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
