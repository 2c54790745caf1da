import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readResults } from '../../src/results/file.js'

describe('readResults', () => {
  it('refuses a file of another schema version, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'results-'))
    const path = join(dir, 'r.json')
    await writeFile(path, JSON.stringify({ schemaVersion: 2, functions: [] }))
    await expect(readResults(path)).rejects.toThrow('schemaVersion 2')
  })
})
