/**
 * `npm run schema`: writes docs/results.schema.json, the JSON Schema of the results file,
 * generated from the zod schema `readResults` validates with, so the published schema and the
 * reader agree. test/unit/results-schema.test.ts fails when the committed file is stale.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import * as z from 'zod'
import { resultsSchema } from '../src/model/results-schema.js'

/** Where the schema is published. */
export const SCHEMA_FILE = fileURLToPath(new URL('../docs/results.schema.json', import.meta.url))

/**
 * A name, not a location: the repository's address is not settled, and the schema's own
 * references (`#/$defs/…`) resolve against any absolute URI.
 */
const SCHEMA_ID = 'urn:lambda-memory-benchmark:results:schema-version-1'

/** The JSON Schema (draft 2020-12) of the results file, as the text of the published file. */
export function resultsJsonSchema(): string {
  // The input side: what a file may hold. Fields added after the first version are optional
  // there, with the `default` a reader fills in, so older files validate as readResults reads them.
  const generated = z.toJSONSchema(resultsSchema, {
    target: 'draft-2020-12',
    io: 'input',
    override: ({ jsonSchema }) => {
      // zod bounds every integer to the safe range; said on each of thirty fields it is noise.
      if (jsonSchema.type !== 'integer') return
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum
    }
  })
  const { $schema, title, description, ...rest } = generated
  return JSON.stringify({ $schema, $id: SCHEMA_ID, title, description, ...rest }, null, 2) + '\n'
}

async function main(): Promise<void> {
  await writeFile(SCHEMA_FILE, resultsJsonSchema(), 'utf8')
  console.log(`wrote ${SCHEMA_FILE}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
