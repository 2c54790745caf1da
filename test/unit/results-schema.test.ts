/**
 * The published JSON Schema (docs/results.schema.json): what `npm run schema` generates; it
 * requires exactly the first version's fields; and a validator built from the published
 * document alone (z.fromJSONSchema) accepts what readResults accepts: an early version's file,
 * this version's, a newer one's extra fields.
 */
import { readFile } from 'node:fs/promises'
import * as z from 'zod'
import { articleResults } from '../fixtures/results/article.js'
import { resultsJsonSchema, SCHEMA_FILE } from '../../scripts/schema.js'

const EARLY = new URL('../fixtures/results/v1-early-baseline.json', import.meta.url)

interface ObjectSchema {
  required: string[]
  properties: Record<string, ObjectSchema & Record<string, unknown>>
}

interface Published extends ObjectSchema {
  $schema: string
  $id: string
  title: string
  description: string
  $defs: Record<string, ObjectSchema>
}

const published = async (): Promise<Published> =>
  JSON.parse(await readFile(SCHEMA_FILE, 'utf8')) as Published

describe('docs/results.schema.json', () => {
  it('is what `npm run schema` generates (run it after changing src/model/results-schema.ts)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(resultsJsonSchema())
  })

  it('names itself: draft 2020-12, $id, title, description', async () => {
    const schema = await published()
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.$id).toMatch(/^[a-z]+:/)
    expect(schema.title).toBe('Lambda memory benchmark results')
    expect(schema.description).toContain('never renamed')
  })

  it('requires the fields of the first version, and only those', async () => {
    const schema = await published()
    const defs = schema.$defs
    expect(schema.required).toEqual([
      'schemaVersion',
      'startedAt',
      'finishedAt',
      'settings',
      'functions'
    ])
    expect(schema.properties.settings.required).toEqual([
      'memorySizes',
      'invocations',
      'concurrency'
    ])
    expect(defs.Function.required).not.toContain('displayName')
    expect(defs.Tier.required).toEqual([
      'memorySize',
      'invocations',
      'errors',
      'errorTypes',
      'unmeasured',
      'coldStarts',
      'billedDuration',
      'duration',
      'initDuration',
      'maxMemoryUsed',
      'costPerInvocation'
    ])
    expect(defs.Tier.properties.throttles).toMatchObject({ default: 0 })
    expect(defs.Tier.properties.samples).toMatchObject({ default: [] })
  })

  it('as JSON Schema, accepts an early file, this version’s file and unknown fields; refuses a bad one', async () => {
    const validator = z.fromJSONSchema((await published()) as z.core.JSONSchema.JSONSchema)
    const early = JSON.parse(await readFile(EARLY, 'utf8'))
    expect(validator.safeParse(early).success).toBe(true)
    const current = JSON.parse(JSON.stringify(articleResults(1_000_000)))
    expect(validator.safeParse(current).success).toBe(true)
    current.functions[0].tiers[0].byHour = [{ hour: 8 }]
    expect(validator.safeParse(current).success).toBe(true)

    current.functions[0].tiers[0].billedDuration.mean = '12'
    const refused = validator.safeParse(current)
    expect(refused.success).toBe(false)
    // A union (Summary or null) reports where its branches part: at billedDuration.
    expect(refused.error?.issues[0].path.slice(0, 5)).toEqual([
      'functions',
      0,
      'tiers',
      0,
      'billedDuration'
    ])
  })
})
