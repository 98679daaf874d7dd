/**
 * Escaping of untrusted text (population names, file paths, error messages) for the two places the product
 * writes HTML as a string: the panel shell and the standalone report. The panels themselves only use
 * `textContent`, never `innerHTML`.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become \u escapes, so no `</script>` or
 * `<!--` can end or confuse the block; U+2028/U+2029 are escaped for older JavaScript parsers reading it.
 */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Script or style source inlined into an HTML page: `</script`, `</style` and `<!--` would end the element or
 * switch the parser into a comment state, so their `<` or `!` is written as a JavaScript/CSS escape, which
 * means the same thing inside the strings, regular expressions and comments where a bundle can contain them.
 */
export function escapeInlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** In CSS `<` only occurs in strings and comments, where the CSS escape `\3c ` stands for it: escape them all. */
export function escapeInlineStyle(source: string): string {
  return source.replace(/</g, '\\3c ');
}
