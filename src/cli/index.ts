#!/usr/bin/env node
/** Entry point of the command line (bundled to dist/cli/index.js, package.json's `bin`). */
import { main } from './program.js'

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env
})
