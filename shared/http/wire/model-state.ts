/**
 * zod issues → ASP.NET model-state entries (api.md §2.2). Two kinds exist, as in ASP.NET:
 *
 * - a JSON conversion failure (wrong JSON type, unparsable GUID/date, unknown enum member): System.Text.Json stops at
 *   the first one, the key is the JSON path (`$.correspondence.content.messageTitle`), and the action parameter
 *   (`request`) is then reported as missing too;
 * - an attribute validation failure: every one is reported, keyed by the C# property path
 *   (`Correspondence.Content.MessageTitle`, `Correspondence.ExternalReferences[0].ReferenceValue`).
 *
 * Schema helpers write messages with a `{field}` placeholder; it becomes the C# property name here, where the path
 * is known.
 */
import type { z } from "zod";
import type { FieldFailure } from "../problem-details.js";

type PathSegment = PropertyKey;

/** `params` of a custom issue that is a JSON conversion failure; `targetType` is the .NET type named in the text. */
export interface ConversionIssueParams {
  jsonConversion: true;
  targetType: string;
}

/** The .NET type System.Text.Json names when a JSON token has the wrong type. */
const dotnetTypeByExpectation: Record<string, string> = {
  string: "System.String",
  number: "System.Int32",
  int: "System.Int32",
  boolean: "System.Boolean",
  array: "System.Collections.Generic.List`1",
  object: "System.Object",
  record: "System.Collections.Generic.Dictionary`2[System.String,System.String]",
};

/** Reference types (strings, objects, lists) may be null in JSON; a missing/null one is "required", not unconvertible. */
const referenceTypeExpectations = new Set(["string", "array", "object", "record"]);

export function pascalCase(segment: string): string {
  return segment.length === 0 ? segment : segment[0]!.toUpperCase() + segment.slice(1);
}

/** `Correspondence.ExternalReferences[0].ReferenceValue`. */
export function modelStateKey(path: readonly PathSegment[]): string {
  let key = "";
  for (const segment of path) {
    if (typeof segment === "number") key += `[${segment}]`;
    else key += (key === "" ? "" : ".") + pascalCase(String(segment));
  }
  return key;
}

/** `$.correspondence.externalReferences[0].referenceValue`. */
export function jsonPath(path: readonly PathSegment[]): string {
  let result = "$";
  for (const segment of path) result += typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`;
  return result;
}

function lastPropertyName(path: readonly PathSegment[]): string {
  for (let index = path.length - 1; index >= 0; index--) {
    const segment = path[index];
    if (typeof segment === "string") return pascalCase(segment);
  }
  return "";
}

export function requiredMessage(field: string): string {
  return `The ${field} field is required.`;
}

export function conversionFailure(path: readonly PathSegment[], targetType: string): FieldFailure {
  const where = jsonPath(path);
  return { key: where, message: `The JSON value could not be converted to ${targetType}. Path: ${where}.` };
}

/** The entry ASP.NET adds for the action parameter whenever the body could not be read into it. */
export function missingParameterFailure(parameterName: string): FieldFailure {
  return { key: parameterName, message: requiredMessage(parameterName) };
}

export interface ModelStateReport {
  /** Non-empty when the body could not be converted; only the first is reported, as System.Text.Json stops there. */
  conversionFailures: FieldFailure[];
  validationFailures: FieldFailure[];
}

function isConversionParams(params: unknown): params is ConversionIssueParams {
  return typeof params === "object" && params !== null && (params as { jsonConversion?: unknown }).jsonConversion === true;
}

export function classifyIssues(issues: readonly z.core.$ZodIssue[]): ModelStateReport {
  const conversionFailures: FieldFailure[] = [];
  const validationFailures: FieldFailure[] = [];
  for (const issue of issues) {
    const path = issue.path;
    switch (issue.code) {
      case "invalid_type": {
        const missing = issue.input === undefined || (issue.input === null && referenceTypeExpectations.has(issue.expected));
        if (missing) validationFailures.push({ key: modelStateKey(path), message: requiredMessage(lastPropertyName(path)) });
        else conversionFailures.push(conversionFailure(path, dotnetTypeByExpectation[issue.expected] ?? "System.Object"));
        break;
      }
      case "invalid_value":
        if (issue.input === undefined) {
          validationFailures.push({ key: modelStateKey(path), message: requiredMessage(lastPropertyName(path)) });
        } else {
          // Wire enums put the .NET enum type into the message (see wireEnum).
          conversionFailures.push(conversionFailure(path, issue.message));
        }
        break;
      case "invalid_format":
        // wireGuid and wireDateTimeOffset put the .NET type into the message; other formats are attribute rules.
        if (issue.format === "guid" || issue.format === "datetime") conversionFailures.push(conversionFailure(path, issue.message));
        else validationFailures.push({ key: modelStateKey(path), message: withField(issue.message, path) });
        break;
      case "custom":
        if (isConversionParams(issue.params)) conversionFailures.push(conversionFailure(path, issue.params.targetType));
        else validationFailures.push({ key: modelStateKey(path), message: withField(issue.message, path) });
        break;
      default:
        validationFailures.push({ key: modelStateKey(path), message: withField(issue.message, path) });
    }
  }
  return { conversionFailures, validationFailures: withoutFailuresBehindRequired(validationFailures) };
}

/** A property whose `[Required]` fails is not checked further (ASP.NET stops at the first failing attribute). */
function withoutFailuresBehindRequired(failures: FieldFailure[]): FieldFailure[] {
  const missing = new Set(failures.filter(({ message }) => message.endsWith(" field is required.")).map(({ key }) => key));
  return failures.filter(({ key, message }) => !missing.has(key) || message.endsWith(" field is required."));
}

function withField(message: string, path: readonly PathSegment[]): string {
  return message.replaceAll("{field}", lastPropertyName(path));
}

/**
 * The failures ASP.NET reports for a body that reached model binding: on a conversion failure only that one plus the
 * missing parameter (nothing was validated); otherwise every attribute failure.
 */
export function modelStateFailures(issues: readonly z.core.$ZodIssue[], parameterName: string): FieldFailure[] {
  const { conversionFailures, validationFailures } = classifyIssues(issues);
  const firstConversion = conversionFailures[0];
  if (firstConversion) return [firstConversion, missingParameterFailure(parameterName)];
  return validationFailures;
}
