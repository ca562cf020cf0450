/** The plain-text (1002/1039/1067) and markdown (1003) rules of api.md §4.1, against the spec's examples and more. */
import { describe, expect, it } from "vitest";
import { isMarkdown, isPlainText } from "../../shared/domain/text-format.js";

describe("plain text", () => {
  const accepted = [
    // the spec's examples
    "Title with * in it",
    "snake_case and *emphasis* and __strong__",
    "Some `code` here",
    "Error #404",
    "1.234 is a number",
    "123. sentence",
    "TEST\\'S",
    "See <https://example.com/path?q=1>",
    // and ordinary titles
    "Vedtak om tilskudd for 2025",
    "Svar på søknad (ref. 12/345)",
    "a < b and c > d",
    "- not a list, lists are not parsed",
    "C++ and C# are languages",
    "Price: $5 and $6",
    "AT&T",
    "Line one\nLine two",
    "    indented text stays text",
    "Title\n\n===",
  ];
  it.each(accepted)("accepts %j", (text) => expect(isPlainText(text)).toBe(true));

  const rejected = [
    // the spec's examples
    "<h1>test</h1>",
    "# test",
    // HTML
    "Hello <b>world</b>",
    "line<br>break",
    "<p>paragraph</p>",
    "text <!-- comment -->",
    "Tom &amp; Jerry",
    "&#169; 2025",
    // block syntax whose markers vanish when rendered
    "###### six",
    "> quoted",
    "Heading\n=======",
    "Heading\n---",
    "---",
    "~~~\nfenced\n~~~",
    "| a | b |\n|---|---|",
    "[ref]: https://example.com",
    // inline syntax that renders differently
    "[link](https://example.com)",
    "![image](picture.png)",
    "[text][ref]",
    "~~strike~~",
    "==marked==",
    "$x$",
  ];
  it.each(rejected)("rejects %j", (text) => expect(isPlainText(text)).toBe(false));
});

describe("markdown", () => {
  const accepted = [
    "# Heading\n\nSome **bold** and _italic_ text.",
    "[link](https://example.com) and <https://example.com>",
    "- a\n- b\n\n1. one\n2. two",
    "> quote\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "Inline `<b>code</b>` is fine",
    "```\n<div>in a code block</div>\n```",
    "``<p>double backticks</p>``",
    "line<br>break and <br/> too",
    "Tom &amp; Jerry &#8212; entities decode",
    "a < b > c",
    "<custom-element>kept as it is</custom-element>",
    "Plain text is markdown too",
  ];
  it.each(accepted)("accepts %j", (body) => expect(isMarkdown(body)).toBe(true));

  const rejected = [
    "<h1>test</h1>",
    "<p>paragraph</p>",
    "Some <b>bold</b> text",
    "<strong>x</strong>",
    "Click <a href=\"https://example.com\">here</a>",
    "<div>block</div>",
    "<span style=\"color:red\">x</span>",
    "<img src=\"x.png\">",
    "<ul><li>item</li></ul>",
    "<table><tr><td>1</td></tr></table>",
    "text <!-- a comment -->",
    "`code` then <em>emphasis</em> outside code",
  ];
  it.each(rejected)("rejects %j", (body) => expect(isMarkdown(body)).toBe(false));
});
