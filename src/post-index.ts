/** Entry point of the post step (bundled to dist/post/index.js). */
import { runPost } from './post.js'

await runPost()
