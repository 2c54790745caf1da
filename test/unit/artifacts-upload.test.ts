/** When the results file is not uploaded, and what the step says: before any artifact call. */
import { uploadResults, type UploadLog } from '../../src/artifacts/upload.js'
import { isEnterpriseServer } from '../../src/github/host.js'

const PLAN = { name: 'lambda-benchmark-results', upload: true, history: 0 }
const SERVICE = { ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' }

function recorder(): UploadLog & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    group: () => Promise.reject(new Error('no upload expected'))
  }
}

describe('uploadResults: the cases that upload nothing', () => {
  it('says nothing with upload-results: false', async () => {
    const log = recorder()
    await uploadResults({ ...PLAN, upload: false }, 'r.json', false, log, SERVICE)
    expect(log.lines).toEqual([])
  })

  it("never uploads a cancelled run's partial results", async () => {
    const log = recorder()
    await uploadResults(PLAN, 'r.json', true, log, SERVICE)
    expect(log.lines).toEqual([
      'notice: The run was cancelled: its partial results are not uploaded as artifact "lambda-benchmark-results"'
    ])
  })

  it('says GitHub Enterprise Server has no such artifact service', async () => {
    const log = recorder()
    await uploadResults(PLAN, 'r.json', false, log, {
      ...SERVICE,
      GITHUB_SERVER_URL: 'https://github.example.com'
    })
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(/^notice: GitHub Enterprise Server: .+ not uploaded/)
  })

  it('says there is no artifact service without the runner variables', async () => {
    const log = recorder()
    await uploadResults(PLAN, 'r.json', false, log, { ACTIONS_RUNTIME_TOKEN: 'x' })
    expect(log.lines[0]).toMatch(/^notice: No artifact service here/)
  })
})

describe('isEnterpriseServer', () => {
  it.each([
    [undefined, false],
    ['https://github.com', false],
    ['https://acme.ghe.com', false],
    ['http://github.localhost', false],
    ['https://github.example.com', true],
    ['not a url', false]
  ])('%s → %s', (url, expected) => {
    expect(isEnterpriseServer(url === undefined ? {} : { GITHUB_SERVER_URL: url })).toBe(expected)
  })
})
