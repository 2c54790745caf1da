import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { actionInputs, inputVariable, parseCommandFile, REPO_ROOT, runAction } from '../runner.js'

describe('runAction with the built action', () => {
  it('fails the skeleton without functions, as the runner would show it', async () => {
    const result = await runAction({ inputs: {} })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('Input required and not supplied: functions')
    expect(result.post?.exitCode).toBe(0)
  })
})

describe('runAction’s runner environment (probe scripts)', () => {
  // Probes live under build/ (git-ignored) so that they resolve @actions/core from the repo.
  let dir: string
  let probe: { main: string; post: string }
  beforeAll(async () => {
    await mkdir(join(REPO_ROOT, 'build'), { recursive: true })
    dir = await mkdtemp(join(REPO_ROOT, 'build', 'runner-probe-'))
    probe = { main: join(dir, 'main.mjs'), post: join(dir, 'post.mjs') }
    await writeFile(
      probe.main,
      `// Signal handlers and the first log lines come before any import; the tests send their
      // signals once 'listening' is printed, so however loaded the machine, none arrives before.
      import { existsSync } from 'node:fs'
      console.log('cwd=' + process.cwd())
      if (process.env.INPUT_WAIT === 'true') {
        let n = 0
        const marker = process.env.INPUT_MARKER
        const on = (sig) => process.on(sig, () => {
          n++
          console.log('got ' + sig + ' ' + n + (marker && existsSync(marker) ? ' after the marker' : ''))
          if (n === 2) process.exit(3)
        })
        on('SIGTERM'); on('SIGINT')
        console.log('listening')
        setInterval(() => {}, 1000)
      }
      const core = await import('@actions/core')
      const { readFileSync } = await import('node:fs')
      core.setOutput('env', JSON.stringify(process.env))
      core.setOutput('multi', 'line one\\nline two')
      core.setOutput('event', readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'))
      core.saveState('changed', JSON.stringify(['fn-a']))
      core.exportVariable('FROM_MAIN', 'yes')
      await core.summary.addRaw('# main summary').write()
      `
    )
    await writeFile(
      probe.post,
      `import * as core from '@actions/core'
      console.log(JSON.stringify({ changed: core.getState('changed'), fromMain: process.env.FROM_MAIN }))
      await core.summary.addRaw('post summary').write()
      `
    )
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('passes inputs with hyphens kept, action.yml defaults, and no developer AWS_/GITHUB_ variables', async () => {
    process.env.AWS_PROFILE = 'developer-profile'
    process.env.GITHUB_TOKEN = 'ghp_developer'
    try {
      const result = await runAction({
        inputs: { functions: 'a,b', 'memory-sizes': '128,256' },
        entry: probe
      })
      expect(result.exitCode).toBe(0)
      const env = JSON.parse(result.outputs.env) as Record<string, string>
      expect(env['INPUT_FUNCTIONS']).toBe('a,b')
      expect(env['INPUT_MEMORY-SIZES']).toBe('128,256')
      expect(env['INPUT_INVOCATIONS']).toBe('100')
      expect(env['INPUT_COMMENT-TAG']).toBe('lambda-memory-benchmark')
      expect(env['INPUT_GITHUB-TOKEN']).toBe('')
      expect(env.AWS_PROFILE).toBeUndefined()
      expect(env.GITHUB_TOKEN).toBeUndefined()
      expect(env.AWS_REGION).toBe('us-east-1')
      expect(env.AWS_EC2_METADATA_DISABLED).toBe('true')
      expect(new URL(env.AWS_ENDPOINT_URL).hostname).toBe('127.0.0.1')
      expect(new URL(env.GITHUB_API_URL).hostname).toBe('127.0.0.1')
      expect(env.GITHUB_WORKSPACE).toBe(result.workspace)
      expect(result.stdout).toContain(`cwd=${result.workspace}`)
      expect(result.outputs.multi).toBe('line one\nline two')
      expect(env.GITHUB_EVENT_NAME).toBe('push')
    } finally {
      delete process.env.AWS_PROFILE
      delete process.env.GITHUB_TOKEN
    }
  })

  it('writes a pull_request event and maps github.token to the env’s token', async () => {
    const result = await runAction({
      inputs: { functions: 'a' },
      env: { GITHUB_TOKEN: 'ghs_actions', GITHUB_REPOSITORY: 'acme/lambdas' },
      event: { name: 'pull_request', prNumber: 17, payload: { pull_request: { title: 'Tune' } } },
      entry: probe
    })
    const env = JSON.parse(result.outputs.env) as Record<string, string>
    expect(env['INPUT_GITHUB-TOKEN']).toBe('ghs_actions')
    expect(env.GITHUB_EVENT_NAME).toBe('pull_request')
    expect(env.GITHUB_REF).toBe('refs/pull/17/merge')
    const event = JSON.parse(result.outputs.event)
    expect(event.pull_request).toMatchObject({ number: 17, title: 'Tune', state: 'open' })
    expect(event.repository).toMatchObject({ name: 'lambdas', owner: { login: 'acme' } })
  })

  it('gives the post step the saved state and the exported variables', async () => {
    const result = await runAction({ inputs: { functions: 'a' }, entry: probe })
    expect(result.state).toEqual({ changed: '["fn-a"]' })
    expect(result.env).toEqual({ FROM_MAIN: 'yes' })
    expect(JSON.parse(result.post?.stdout ?? '')).toEqual({ changed: '["fn-a"]', fromMain: 'yes' })
    expect(result.summary).toContain('# main summary')
    expect(result.summary).toContain('post summary')
    const noPost = await runAction({ inputs: { functions: 'a' }, entry: probe, post: false })
    expect(noPost.post).toBeUndefined()
  })

  it('sends a cancelled workflow’s signals once the step has printed what they wait for', async () => {
    // Each signal waits for a line the probe prints once it can take it: no delay is guessed.
    const result = await runAction({
      inputs: { functions: 'a', wait: 'true' },
      entry: probe,
      signal: {
        name: 'SIGINT',
        whenOutput: [/^listening$/m, /cwd=/],
        second: { name: 'SIGTERM', whenOutput: [/got SIGINT 1/] }
      },
      post: false
    })
    expect(result.stdout).toContain('got SIGINT 1')
    expect(result.stdout).toContain('got SIGTERM 2')
    expect(result.exitCode).toBe(3)
  })

  it('sends a signal only once `when` has resolved', async () => {
    // `when` writes a marker file, then resolves; the probe says whether the file was there
    // when the signal came. Sent any earlier, the signal would beat the marker by 300 ms.
    const marker = join(dir, 'marker')
    const when = new Promise((r) => setTimeout(r, 300)).then(() => writeFile(marker, ''))
    const result = await runAction({
      inputs: { functions: 'a', wait: 'true', marker },
      entry: probe,
      signal: {
        name: 'SIGTERM',
        whenOutput: [/^listening$/m],
        when,
        second: { name: 'SIGINT', whenOutput: [/got SIGTERM 1/] }
      },
      post: false
    })
    expect(result.stdout).toContain('got SIGTERM 1 after the marker')
    expect(result.exitCode).toBe(3)
  })

  it('rejects when the step ends before its signal’s conditions held', async () => {
    await expect(
      runAction({
        inputs: { functions: 'a' },
        entry: probe,
        signal: { name: 'SIGTERM', whenOutput: [/never printed/] },
        post: false
      })
    ).rejects.toThrow(/ended before SIGTERM was sent[\s\S]*cwd=/)
  })

  it('rejects with the logs when a step outlives timeoutMs', async () => {
    // The probe prints before any import; 5 s is a generous factor over Node's start-up (well
    // under 0.1 s idle), not a bound on it.
    await expect(
      runAction({ inputs: { functions: 'a', wait: 'true' }, entry: probe, timeoutMs: 5_000 })
    ).rejects.toThrow(/still running after 5000 ms[\s\S]*cwd=/)
  })
})

describe('runner file formats', () => {
  it('reads every input and its default from action.yml', () => {
    const inputs = actionInputs()
    const byName = Object.fromEntries(inputs.map((i) => [i.name, i.default]))
    expect(byName.functions).toBeUndefined()
    expect(byName['memory-sizes']).toBe('128,256,512,1024,1536,2048,3008')
    expect(byName['github-token']).toBe('${{ github.token }}')
    expect(byName['payload']).toBe('{}')
    expect(inputs.length).toBeGreaterThanOrEqual(14)
  })

  it('names input variables as @actions/core reads them', () => {
    expect(inputVariable('memory-sizes')).toBe('INPUT_MEMORY-SIZES')
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT')
  })

  it('parses heredoc and name=value command files', () => {
    const text = 'a<<ghadelimiter_1\nx\ny=z\nghadelimiter_1\nb=c=d\nempty<<EOF\n\nEOF\n'
    expect(parseCommandFile(text)).toEqual({ a: 'x\ny=z', b: 'c=d', empty: '' })
  })
})
