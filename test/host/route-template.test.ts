import { describe, expect, it } from "vitest";
import { compareRoutePrecedence, compileRoute } from "../../dev/host/route-template.js";

type Case = [template: string, path: string, expected: Record<string, string> | undefined];

const cases: Case[] = [
  ["things/{id}", "/things/5", { id: "5" }],
  ["things/{id}", "/THINGS/5/", { id: "5" }],
  ["things/{id}", "/things", undefined],
  ["things/{id}", "/things/5/6", undefined],
  ["things/{id}", "/things/a%20b", { id: "a b" }],
  ["things/{id}", "/things/a%2Fb", { id: "a%2Fb" }],
  ["echo/{id:int}/{name?}", "/echo/1", { id: "1" }],
  ["echo/{id:int}/{name?}", "/echo/-1/bob", { id: "-1", name: "bob" }],
  ["echo/{id:int}/{name?}", "/echo/x", undefined],
  ["echo/{id:int}/{name?}", "/echo/2147483648", undefined],
  ["files/{*path}", "/files", {}],
  ["files/{*path}", "/files/a/b/c.txt", { path: "a/b/c.txt" }],
  ["files/{**path}", "/files/a/b", { path: "a/b" }],
  ["items/{id:guid}", "/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301", { id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }],
  ["items/{id:guid}", "/items/3F2504E04F8911D39A0C0305E82C3301", { id: "3F2504E04F8911D39A0C0305E82C3301" }],
  ["items/{id:guid}", "/items/{3f2504e0-4f89-11d3-9a0c-0305e82c3301}", { id: "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}" }],
  ["items/{id:guid}", "/items/3f2504e0-4f89-11d3-9a0c", undefined],
  ["{x:alpha}", "/abcXYZ", { x: "abcXYZ" }],
  ["{x:alpha}", "/ab1", undefined],
  ["{x:bool}", "/True", { x: "True" }],
  ["{x:bool}", "/yes", undefined],
  ["{x:long}", "/9223372036854775807", { x: "9223372036854775807" }],
  ["{x:long}", "/9223372036854775808", undefined],
  ["{x:regex(^\\d{{3}}$)}", "/123", { x: "123" }],
  ["{x:regex(^\\d{{3}}$)}", "/1234", undefined],
  ["{x:regex(^(a|b)+$)}", "/ABab", { x: "ABab" }],
  ["{x:regex(^(a|b)+$)}", "/abc", undefined],
  ["{x:regex(b)}", "/abc", { x: "abc" }],
  ["{x:int:min(10)}", "/9", undefined],
  ["{x:int:min(10)}", "/10", { x: "10" }],
  ["{x:range(1,5)}", "/5", { x: "5" }],
  ["{x:range(1,5)}", "/6", undefined],
  ["{x:length(2)}", "/ab", { x: "ab" }],
  ["{x:length(2)}", "/abc", undefined],
  ["{x:minlength(2)}", "/a", undefined],
  ["{x:maxlength(3)}", "/abcd", undefined],
  ["{x:int?}", "/", {}],
  ["{x:int?}", "/x", undefined],
  ["page/{number=1}", "/page", { number: "1" }],
  ["page/{number=1}", "/page/3", { number: "3" }],
  ["{name}.{ext}", "/a.b.c", { name: "a.b", ext: "c" }],
  ["{name}.{ext}", "/abc", undefined],
  ["{file}.{ext?}", "/a.b.c", { file: "a.b", ext: "c" }],
  ["{file}.{ext?}", "/readme", { file: "readme" }],
  ["report-{year:int}", "/report-2024", { year: "2024" }],
  ["report-{year:int}", "/report-x", undefined],
  ["literal{{braces}}", "/literal{braces}", {}],
  ["", "/", {}],
  ["", "/x", undefined],
  ["api/things/{id}", "/api/things/7", { id: "7" }],
];

describe("route templates", () => {
  it.each(cases)("%s on %s", (template, path, expected) => {
    expect(compileRoute(template).match(path)).toEqual(expected);
  });

  it.each([
    ["{*rest}/x", /catch-all/],
    ["{a}{b}", /literal between/],
    ["{x:nope}", /Unknown route constraint/],
    ["a/{id}/{ID}", /appears twice/],
    ["{*path?}", /cannot be marked optional/],
    ["a/{id", /unterminated/],
    ["{x:min(a)}", /integer argument/],
  ])("rejects %s", (template, message) => {
    expect(() => compileRoute(template)).toThrow(message);
  });

  it("orders literals before constrained parameters before parameters before catch-alls", () => {
    const templates = ["things/{*rest}", "things/{id}", "things/{id:int}", "things/special", "things/{name}.{ext}"];
    const ordered = templates
      .map((template) => compileRoute(template))
      .sort(compareRoutePrecedence)
      .map((route) => route.template);
    expect(ordered).toEqual(["things/special", "things/{id:int}", "things/{name}.{ext}", "things/{id}", "things/{*rest}"]);
  });
});
