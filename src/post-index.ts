/** Entry point of the post step (bundled to dist/post/index.js). */
import { run } from './post.js'

await run()
