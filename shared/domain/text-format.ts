/**
 * The two text-format rules of api.md §4.1, as rules over the text instead of a round trip through an HTML→markdown
 * converter and a markdown renderer (what the reference does, with libraries we do not have):
 *
 * - Plain text (message title 1002, message sender 1039, forwarding text 1067): the text must survive "render as
 *   markdown, keep the plain text" unchanged, ignoring whitespace. The reference first drops backticks and
 *   backslashes and escapes `*` and `_` (so emphasis, code and escapes are always fine) and parses no lists, so what
 *   remains is: HTML tags, comments and character references, and markdown constructs whose markers vanish when
 *   rendered — ATX and setext headings, block quotes, thematic breaks, `~~~` fences, table delimiter rows, links,
 *   images and link definitions, and the extra emphasis of Markdig's advanced extensions (`~~strike~~`, `==mark==`,
 *   `++inserted++`, `~sub~`, `^sup^`) and inline math (`$x$`).
 *
 * - Markdown (message body 1003): with code spans and blocks protected, HTML that an HTML→markdown converter would
 *   rewrite is rejected — any element the converter knows (`<p>`, `<b>`, `<a>`, `<h1>`, `<div>`, `<span>` …),
 *   except `<br>`, which it passes through — and comments. Markdown itself, entities, autolinks
 *   (`<https://…>`) and unknown custom tags are accepted.
 */

/** `<tag …>`, `</tag>`, `<tag/>`: a name that starts with a letter, then a space, `/` or `>`. Autolinks do not match. */
const htmlTag = /<\/?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>/g;
const htmlComment = /<!--[\s\S]*?-->|<![A-Za-z][^>]*>|<\?[\s\S]*?\?>/;
const characterReference = /&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

const atxHeading = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const blockQuote = /^ {0,3}>/;
const thematicBreakOrSetextUnderline = /^ {0,3}(?:(?:-[ \t]*)+|=+[ \t]*)$/;
const tildeFence = /^ {0,3}~{3,}/;
const tableDelimiterRow = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/;
const linkReferenceDefinition = /^ {0,3}\[[^\]]+\]:[ \t]*\S/;
const inlineLinkOrImage = /!?\[[^\]]*\]\([^)]*\)/;
const fullReferenceLink = /!?\[[^\]]+\]\[[^\]]*\]/;
const extraEmphasis = /(~~|==|\+\+|~|\^)(?=\S)[^\n]*?(?<=\S)\1/;
const inlineMath = /\$(?=[^\s$])[^\n$]*?(?<=[^\s$])\$(?!\d)/;

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function hasVanishingBlockSyntax(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.some((line, index) => {
    if (atxHeading.test(line) || blockQuote.test(line) || tildeFence.test(line)) return true;
    if (linkReferenceDefinition.test(line) || tableDelimiterRow.test(line)) return true;
    if (thematicBreakOrSetextUnderline.test(line)) {
      const previous = lines[index - 1];
      const isDashes = line.includes("-");
      // `---` alone is a thematic break; `-`/`=` under a text line makes that line a setext heading. A lone `=` row
      // (nothing above) is just text.
      const underText = previous !== undefined && !isBlank(previous);
      const dashCount = (line.match(/-/g) ?? []).length;
      return underText || (isDashes && dashCount >= 3);
    }
    return false;
  });
}

/** Whether `text` is plain text in the sense of 1002/1039/1067 (see the file comment). */
export function isPlainText(text: string): boolean {
  const normalised = text.replaceAll("`", "").replaceAll("\\", "");
  if (htmlComment.test(normalised) || characterReference.test(normalised)) return false;
  if (new RegExp(htmlTag.source).test(normalised)) return false;
  if (hasVanishingBlockSyntax(normalised)) return false;
  if (inlineLinkOrImage.test(normalised) || fullReferenceLink.test(normalised)) return false;
  // `*` and `_` are escaped before rendering, so they never make emphasis; these markers are not.
  if (extraEmphasis.test(normalised) || inlineMath.test(normalised)) return false;
  return true;
}

/**
 * Elements an HTML→markdown conversion rewrites (converted to markdown, or unwrapped to their content). `br` is
 * passed through by the reference's configuration and so is missing here.
 */
const rewrittenElements = new Set([
  "a", "aside", "b", "blockquote", "body", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt",
  "em", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "html", "i", "img", "li", "ol", "p", "pre", "s", "script",
  "span", "strike", "strong", "style", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);

/** Removes the content of code spans and blocks: ``` first, then ``, then `, as the reference protects them. */
function withoutCode(text: string): string {
  let result = text;
  for (const delimiter of ["```", "``", "`"]) {
    result = result
      .split(delimiter)
      .filter((_, index) => index % 2 === 0)
      .join(" ");
  }
  return result;
}

/** Whether `body` is acceptable markdown in the sense of 1003 (see the file comment). */
export function isMarkdown(body: string): boolean {
  const outsideCode = withoutCode(body);
  if (/<!--[\s\S]*?-->/.test(outsideCode)) return false;
  for (const match of outsideCode.matchAll(htmlTag)) {
    const name = (match[1] ?? "").toLowerCase();
    if (rewrittenElements.has(name)) return false;
  }
  return true;
}
