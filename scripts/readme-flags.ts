/**
 * Writes the README's table of the CLI's flags (between the `cli-flags` markers) from the same
 * list `--help` is made from: `npm run readme:flags` after an input is added to action.yml.
 * test/unit/cli-flags.test.ts fails while the table is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { flagsTable } from '../src/cli/flags.js'

const path = 'README.md'
const readme = readFileSync(path, 'utf8')
const marked = /(<!-- cli-flags:start[^>]*-->\n)[\s\S]*?(<!-- cli-flags:end -->)/
if (!marked.test(readme)) throw new Error(`${path} has no cli-flags markers`)
writeFileSync(
  path,
  readme.replace(marked, (_, start: string, end: string) => `${start}${flagsTable()}\n${end}`)
)
console.log(`${path}: the flags table written`)
