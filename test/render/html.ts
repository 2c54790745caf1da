/**
 * Just enough HTML reading for the render checks: marked's output is regular (no attributes
 * on table rows, one element per line), so tables and text can be read without a DOM.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }

/** Decodes named and numeric character references. */
function decode(html: string): string {
  return html.replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X'))
      return String.fromCodePoint(parseInt(ref.slice(2), 16))
    if (ref.startsWith('#') && ENTITIES[ref] === undefined)
      return String.fromCodePoint(Number(ref.slice(1)))
    return ENTITIES[ref] ?? whole
  })
}

/** The text of an HTML fragment: tags removed, `<br>` as a space, references decoded. */
export function textOf(html: string): string {
  return decode(html.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]+>/g, '')).trim()
}

/** Every `<table>`: rows of cells' inner HTML, the header row first. */
export function tables(html: string): string[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, body]) =>
    [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
      [...row.matchAll(/<t[hd](?:\s[^>]*)?>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => cell)
    )
  )
}

/** The code of every fenced block of a language, as rendered (`<pre><code class="language-x">`). */
export function codeBlocks(html: string, language: string): string[] {
  const pattern = new RegExp(
    `<pre><code class="language-${language}">([\\s\\S]*?)</code></pre>`,
    'g'
  )
  return [...html.matchAll(pattern)].map(([, code]) => decode(code))
}
