import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  paginateFilterLogEvents,
  type FilteredLogEvent
} from '@aws-sdk/client-cloudwatch-logs'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { sdkClients } from '../emulator/clients.js'
import { caught } from './caught.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('emulator: CloudWatch Logs JSON 1.1', () => {
  let emu: Emulator
  let lambda: LambdaClient
  let logs: CloudWatchLogsClient

  beforeAll(async () => {
    emu = await startEmulator({
      pageSize: 10,
      functions: [
        { name: 'text', model: { cpuMs: 60, noisePct: 5 } },
        { name: 'json', logFormat: 'JSON', model: { cpuMs: 60 } },
        { name: 'custom', logGroup: '/team/shared-logs', model: { cpuMs: 60 } },
        {
          name: 'denied',
          model: { cpuMs: 60 },
          faults: { accessDenied: ['FilterLogEvents'] }
        }
      ]
    })
    ;({ lambda, logs } = sdkClients(emu))
    for (let i = 0; i < 30; i++) await lambda.send(new InvokeCommand({ FunctionName: 'text' }))
    for (let i = 0; i < 3; i++) await lambda.send(new InvokeCommand({ FunctionName: 'json' }))
    await lambda.send(new InvokeCommand({ FunctionName: 'custom' }))
  })
  afterAll(async () => {
    lambda.destroy()
    logs.destroy()
    await emu.stop()
  })

  it('pages FilterLogEvents (short and empty pages carry nextToken) through paginateFilterLogEvents', async () => {
    const events: FilteredLogEvent[] = []
    const sizes: number[] = []
    for await (const page of paginateFilterLogEvents(
      { client: logs },
      { logGroupName: '/aws/lambda/text', filterPattern: 'REPORT' }
    )) {
      sizes.push(page.events?.length ?? 0)
      events.push(...(page.events ?? []))
    }
    expect(events).toHaveLength(30)
    expect(sizes).toContain(0)
    expect(sizes.some((s) => s > 0 && s < 10)).toBe(true)
    expect(Math.max(...sizes)).toBe(10)
    const ids = new Set(events.map((e) => /RequestId: (\S+)/.exec(e.message!)![1]))
    const journalIds = emu.journal.invocations
      .filter((i) => i.functionName === 'text')
      .map((i) => i.requestId)
    expect([...ids].sort()).toEqual([...journalIds].sort())
    for (const e of events) {
      const inv = emu.journal.invocations.find((i) => e.message!.includes(i.requestId))!
      expect(e.message).toContain(`\tBilled Duration: ${inv.billedDurationMs} ms\t`)
      expect(e.logStreamName).toBe(inv.logStream)
      expect(e.message!.endsWith('\t\n')).toBe(true)
    }
  })

  it('lands START, app lines, END and REPORT in the group; filters by stream, time and terms', async () => {
    const inv = emu.journal.invocations.find((i) => i.functionName === 'text')!
    const all = await logs.send(
      new FilterLogEventsCommand({
        logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/text',
        filterPattern: `"${inv.requestId}"`,
        logStreamNames: [inv.logStream],
        limit: 10
      })
    )
    const firstPage = all.events!.map((e) => e.message!.split(/[\t ]/)[0])
    // INIT_START carries no request id, so the phrase filter leaves it out.
    expect(firstPage).toEqual(['START', '[INFO]', 'END', 'REPORT'])

    const either = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/text',
        filterPattern: '?START ?END',
        logStreamNamePrefix: inv.logStream.slice(0, 12),
        limit: 10
      })
    )
    // INIT_START contains START, as it would on CloudWatch.
    expect(either.events!.every((e) => /^(INIT_START|START|END) /.test(e.message!))).toBe(true)
    expect(either.events!.length).toBeGreaterThan(0)

    const future = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/text',
        startTime: Date.now() + 60_000
      })
    )
    expect(future.events).toEqual([])
    expect(future.nextToken).toBeUndefined()
  })

  it('matches JSON conditions on JSON-format records', async () => {
    const out = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/json',
        filterPattern: '{ $.type = "platform.report" && $.record.metrics.memorySizeMB = 128 }',
        limit: 10
      })
    )
    const found: FilteredLogEvent[] = [...(out.events ?? [])]
    let token = out.nextToken
    while (token) {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: '/aws/lambda/json',
          filterPattern: '{ $.type = "platform.report" && $.record.metrics.memorySizeMB = 128 }',
          nextToken: token
        })
      )
      found.push(...(page.events ?? []))
      token = page.nextToken
    }
    expect(found).toHaveLength(3)
    const cold = found.filter((e) => e.message!.includes('initDurationMs'))
    expect(cold).toHaveLength(1)
  })

  it('writes to a custom log group, describes its streams, and rejects an unknown group', async () => {
    const streams = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/team/shared-logs' })
    )
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([
      emu.journal.invocations.find((i) => i.functionName === 'custom')!.logStream
    ])
    const missing = await caught(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/custom' }))
    )
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(missing.message).toBe('The specified log group does not exist.')
    const denied = await caught(
      sdkClients(emu, 1).logs.send(
        new FilterLogEventsCommand({ logGroupName: '/aws/lambda/denied' })
      )
    )
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toContain('logs:FilterLogEvents')
  })

  it('answers Logs Insights with REPORT fields as Insights does', async () => {
    const now = Math.ceil(Date.now() / 1000)
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupName: '/aws/lambda/text',
        startTime: now - 600,
        endTime: now + 1,
        queryString:
          'filter @type = "REPORT" | fields @requestId, @duration, @billedDuration, @memorySize, @maxMemoryUsed, @initDuration | sort @timestamp asc | limit 100'
      })
    )
    const first = await logs.send(new GetQueryResultsCommand({ queryId }))
    expect(first.status).toBe('Running')
    const done = await logs.send(new GetQueryResultsCommand({ queryId }))
    expect(done.status).toBe('Complete')
    expect(done.results).toHaveLength(30)
    const rows = done.results!.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])))
    for (const row of rows) {
      const inv = emu.journal.invocations.find((i) => i.requestId === row['@requestId'])!
      expect(row['@billedDuration']).toBe(String(inv.billedDurationMs))
      expect(row['@memorySize']).toBe('128000000')
      expect(row['@maxMemoryUsed']).toBe('60000000')
      expect(row['@initDuration'] !== undefined).toBe(inv.cold)
      expect(row['@ptr']).toBeDefined()
    }
    const unknown = await caught(
      logs.send(
        new StartQueryCommand({
          logGroupName: '/nope',
          startTime: now - 600,
          endTime: now,
          queryString: 'fields @message'
        })
      )
    )
    expect(unknown.name).toBe('ResourceNotFoundException')
  })

  it('delays delivery: events are visible from their ingestionTime, logDeliveryDelayMs late', async () => {
    const delayed = await startEmulator({
      logDeliveryDelayMs: 400,
      functions: [{ name: 'late', model: { cpuMs: 50 } }]
    })
    const c = sdkClients(delayed)
    try {
      const out = await c.lambda.send(new InvokeCommand({ FunctionName: 'late' }))
      const query = {
        logGroupName: '/aws/lambda/late',
        filterPattern: `"${out.$metadata.requestId}"`
      }
      // Asked until they show, at once and then every 50 ms.
      const answers: FilteredLogEvent[][] = []
      for (;;) {
        const page = await c.logs.send(new FilterLogEventsCommand(query))
        answers.push(page.events ?? [])
        if (answers.at(-1)!.length > 0) break
        await sleep(50)
      }
      const later = answers.at(-1)!
      expect(later.map((e) => e.message!.split(/[\t ]/)[0])).toEqual([
        'START',
        '[INFO]',
        'END',
        'REPORT'
      ])
      const ingested = later[3].ingestionTime!
      expect(ingested - later[3].timestamp!).toBeGreaterThanOrEqual(400)
      // Each answer agrees with the emulator's clock when it was asked (the journal's times of
      // that call), not with a guess at how long the machine took: empty only when asked
      // before the ingestionTime, found only when answered at or after it.
      const polls = delayed.journal.callsOf('FilterLogEvents')
      expect(polls).toHaveLength(answers.length)
      answers.forEach((events, i) => {
        if (events.length === 0) expect(polls[i].receivedAt).toBeLessThan(ingested)
        else expect(polls[i].at).toBeGreaterThanOrEqual(ingested)
      })
    } finally {
      c.lambda.destroy()
      c.logs.destroy()
      await delayed.stop()
    }
  })
})
