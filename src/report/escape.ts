/**
 * Escaping of everything that comes from outside (function names, error messages, error
 * types) before it enters the markdown. Every character that means something to GFM tables,
 * inline markdown or HTML becomes a numeric character reference: references render as the
 * character in markdown text, in table cells and inside HTML elements alike, so one function
 * serves every context. `<` and `>` never survive, so no `<script>` and no `<!-- … -->` — a
 * fake comment marker in an error message cannot be mistaken for the publisher's marker.
 */

/**
 * HTML (`& < > " '`), table cells (`|`), code spans, emphasis and strikethrough (`` ` * _ ~ ``),
 * links (`[ ]`: without them `!`, `(` and `)` are inert), backslash escapes (`\\` — else `\|`
 * would escape our own reference), headings (`#`), GitHub math (`$`) and mentions (`@`).
 * Hyphens, colons and dots stay readable: our text never starts a line, so they are inert.
 */
const SPECIAL = /[&<>"'|`*_[\]\\~#$@]/g

/**
 * Bidirectional overrides and isolates can make text display in another order than it is
 * written ("Trojan Source"); zero-width characters can hide text. Neither belongs in a name.
 */
/* eslint-disable no-control-regex -- removing control characters is the point */
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g
/* eslint-enable no-control-regex */

/**
 * GitHub turns `@name` and `#123` into mentions and references in the rendered HTML, after the
 * character references are decoded, so `&#64;` alone would still notify someone. A zero-width
 * space after the sign (as Renovate does) breaks the link and reads the same.
 */
const LINKED = '@#'
const ZERO_WIDTH_SPACE = '&#8203;'

/** Text from outside, made safe for markdown (tables included) and HTML; one line. */
export function escapeText(text: string): string {
  return escape(text, true)
}

/**
 * Text from outside shown as code: inside `<code>`, GitHub neither links `@mentions` and
 * `#123` references nor applies markdown, so an error message reads exactly as it was sent.
 */
export function escapeCode(text: string): string {
  return `<code>${escape(text, false)}</code>`
}

function escape(text: string, breakLinks: boolean): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(INVISIBLE, '')
    .replace(
      SPECIAL,
      (c) => `&#${c.charCodeAt(0)};${breakLinks && LINKED.includes(c) ? ZERO_WIDTH_SPACE : ''}`
    )
}

/**
 * Shortens text from outside to `max` characters (before escaping, so a character reference
 * is never cut in half), marking the cut with an ellipsis.
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`
}
