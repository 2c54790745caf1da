/**
 * Renders a report as GitHub would and takes a full-page PNG of it:
 *
 *   npm run screenshot -- <markdown file> <png out>
 *
 * GFM through marked, GitHub-like CSS, and the mermaid blocks drawn by the `mermaid` package's
 * own browser bundle, in headless Chromium (Debian's `/usr/bin/chromium`, driven by
 * playwright-core). Everything is served from 127.0.0.1; every other request is refused, so
 * the picture never depends on (or reaches) the network.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { marked } from 'marked'
import { chromium } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
/** GitHub's conversation column is about this wide. */
const VIEWPORT_WIDTH = 1000

/** A trimmed-down github-markdown-css (light theme), enough for tables, details and code. */
const CSS = `
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; background: #fff; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 14px; line-height: 1.5; }
.comment { max-width: ${VIEWPORT_WIDTH - 48}px; border: 1px solid #d0d7de; border-radius: 6px; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px;
  border-radius: 6px 6px 0 0; color: #59636e; }
.comment-header b { color: #1f2328; }
.markdown-body { padding: 16px; overflow-wrap: break-word; }
.markdown-body > *:first-child { margin-top: 0 !important; }
h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
h3 { font-size: 1.25em; margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
p, ul, table, details, pre { margin: 0 0 16px; }
ul { padding-left: 2em; }
table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto;
  font-variant-numeric: tabular-nums; }
th { font-weight: 600; }
th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
tr:nth-child(2n) { background: #f6f8fa; }
td[align="right"], th[align="right"] { text-align: right; }
sub, sup { font-size: 75%; line-height: 0; position: relative; vertical-align: baseline; }
sub { bottom: -.25em; color: #59636e; } sup { top: -.5em; }
code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 85%; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
a { color: #0969da; text-decoration: none; }
details summary { cursor: pointer; }
.mermaid { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px; text-align: center; }
.mermaid svg { max-width: 100%; height: auto; }
`

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
}

/** The page: the comment rendered by marked, mermaid blocks turned into `<pre class="mermaid">`. */
export function page(markdown: string, openDetails: boolean): string {
  let body = marked.parse(markdown, { gfm: true, async: false })
  // marked escapes the block's text; mermaid reads textContent, which undoes that.
  body = body.replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, code: string) => `<pre class="mermaid">${code}</pre>`
  )
  if (openDetails) body = body.replace(/<details>/g, '<details open>')
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml('Lambda memory benchmark')}</title>
<style>${CSS}</style></head>
<body><div class="comment"><div class="comment-header"><b>github-actions</b> <span>bot</span> commented</div>
<div class="markdown-body">${body}</div></div>
<script src="/mermaid.min.js"></script>
<script>
  window.__errors = []
  mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' })
  mermaid
    .run({ querySelector: '.mermaid', suppressErrors: false })
    .catch((e) => window.__errors.push(String(e && e.message ? e.message : e)))
    .finally(() => { window.__done = true })
</script></body></html>`
}

function serve(html: string, mermaidJs: Buffer): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
    } else if (req.url === '/mermaid.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(mermaidJs)
    } else {
      res.writeHead(404).end()
    }
  })
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      ok({ server, origin: `http://127.0.0.1:${port}` })
    })
  )
}

/** Renders `markdownPath` and writes a full-page PNG to `pngPath`. */
export async function screenshot(
  markdownPath: string,
  pngPath: string,
  options: { openDetails?: boolean } = {}
): Promise<void> {
  const require = createRequire(import.meta.url)
  const mermaidJs = await readFile(
    join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js')
  )
  const markdown = await readFile(markdownPath, 'utf8')
  const { server, origin } = await serve(page(markdown, options.openDetails ?? false), mermaidJs)
  const profile = await mkdtemp(join(tmpdir(), 'screenshot-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: VIEWPORT_WIDTH, height: 800 },
    deviceScaleFactor: 2
  })
  try {
    // Loopback only: anything else (fonts, analytics in a future mermaid) is refused.
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()
    )
    const tab = context.pages()[0] ?? (await context.newPage())
    await tab.goto(`${origin}/`)
    await tab.waitForFunction(
      () => (window as unknown as { __done?: boolean }).__done === true,
      null,
      {
        timeout: 30_000
      }
    )
    const errors = await tab.evaluate(() => (window as unknown as { __errors: string[] }).__errors)
    if (errors.length > 0) throw new Error(`mermaid could not draw a chart: ${errors.join('; ')}`)
    const charts = await tab.locator('.mermaid svg').count()
    const blocks = await tab.locator('.mermaid').count()
    if (charts !== blocks) throw new Error(`${blocks - charts} of ${blocks} charts were not drawn`)
    await tab.locator('.comment').screenshot({ path: pngPath })
  } finally {
    await context.close()
    server.close()
    await rm(profile, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const openDetails = args.includes('--open-details')
  const [input, output] = args.filter((a) => !a.startsWith('--'))
  if (input === undefined || output === undefined) {
    console.error('usage: npm run screenshot -- <markdown file> <png out> [--open-details]')
    process.exit(2)
  }
  await screenshot(resolve(input), resolve(output), { openDetails })
  console.log(`wrote ${resolve(output)}`)
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('screenshot.ts')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
