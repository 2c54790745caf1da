import { escapeCode, escapeText, truncate } from '../../src/report/escape.js'

describe('escaping text from outside', () => {
  const hostile =
    'a|b `code` <script>x</script> <!-- lambda-memory-benchmark --> *em* _u_ [l](u) ~s~ \\| $m$ @me #1'

  it('leaves nothing that means something to markdown tables or HTML', () => {
    const out = escapeText(hostile)
    // Only numeric character references may remain of the special characters.
    expect(out.replace(/&#\d+;/g, '')).not.toMatch(/[&|`<>*_[\]~\\$@#]/)
    expect(out).not.toContain('<!--')
    expect(out).not.toContain('-->')
    expect(out).toContain('&#60;script&#62;')
    expect(out).toContain('a&#124;b')
  })

  it('makes a single line and drops invisible and bidi-override characters', () => {
    expect(escapeText('one\r\ntwo\tthree')).toBe('one two three')
    expect(escapeText('ab\u202ecd\u200be\u0007')).toBe('abcde')
  })

  it('keeps ordinary names readable', () => {
    expect(escapeText('orders-api.v2:prod')).toBe('orders-api.v2:prod')
  })

  it('wraps code in <code> and truncates by characters before escaping', () => {
    expect(escapeCode('x<y')).toBe('<code>x&#60;y</code>')
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('abc', 4)).toBe('abc')
    expect(truncate('😀😀😀', 2)).toBe('😀…')
  })
})

describe('escaping: what GitHub does after the markdown is rendered', () => {
  // GitHub links @mentions and #references in the rendered HTML's text, after character
  // references are decoded: `&#64;octocat` still notifies @octocat unless something breaks it.
  const decoded = (html: string): string =>
    html.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))

  it('leaves no @mention or #reference once references are decoded', () => {
    const out = decoded(escapeText('ping @octocat and @org/team about #12 and o/r#3'))
    expect(out).not.toMatch(/@[A-Za-z0-9]/)
    expect(out).not.toMatch(/#\d/)
    // Still reads the same: only an invisible character was added.
    expect(out.replace(/\u200b/g, '')).toBe('ping @octocat and @org/team about #12 and o/r#3')
  })
})
