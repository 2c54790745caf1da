/** Entry point of the main step (bundled to dist/index.js). */
import { run } from './main.js'

await run()
