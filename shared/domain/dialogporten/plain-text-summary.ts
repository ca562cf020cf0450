/**
 * The dialogue summary is plain text (Dialogporten shows it as is), while a message summary may carry markdown or
 * HTML: tags, emphasis markers, heading and quote markers, code fences and link syntax are removed, the text kept.
 */
const htmlEntities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

export function plainTextSummary(summary: string): string {
  return summary
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (entity) => htmlEntities[entity] ?? entity)
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/```[^\n]*\n?/g, "")
    .replace(/(\*\*|__|\*|_|~~|`)/g, "")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}
