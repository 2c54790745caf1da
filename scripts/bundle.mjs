// Bundles each entry point with ncc: dist/index.js (main step), dist/post/index.js (post step)
// and dist/cli/index.js (the command line, package.json's `bin`: runs with plain node).
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

const entries = [
  ['src/index.ts', 'dist'],
  ['src/post-index.ts', 'dist/post'],
  ['src/cli/index.ts', 'dist/cli']
]
rmSync('dist', { recursive: true, force: true })
for (const [entry, out] of entries) {
  execFileSync(
    'npx',
    [
      'ncc',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022'
    ],
    { stdio: 'inherit' }
  )
}

// `bin` needs the shebang first (ncc may leave it out) and an executable file.
const cli = 'dist/cli/index.js'
const code = readFileSync(cli, 'utf8')
if (!code.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${code}`)
chmodSync(cli, 0o755)
