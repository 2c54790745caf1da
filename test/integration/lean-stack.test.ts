/**
 * The trimmed SDK stack (src/aws/lean-stack.ts) against the emulator: a lean client's requests
 * must be a stock client's, attempt by attempt. A stock and a lean client send the same calls,
 * retried attempts included, with credentials that change on every request (their source and
 * account with them, which the SDK reports in the user agent's `m/` feature flags) and then with
 * credentials replaced on the client. Every header must be equal (the date and the random
 * invocation id aside), and each signature the one a stock client's own new signer computes for
 * that request with that key.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { setCredentialFeature } from '@aws-sdk/core/client'
import { HttpRequest } from '@smithy/core/protocols'
import type { AwsCredentialIdentity, RequestSigner } from '@smithy/types'
import { lean, reuseSigners } from '../../src/aws/lean-stack.js'
import { clientConfig } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ functions: [{ name: 'f', memorySize: 128, model: { cpuMs: 5 } }] })
})

afterAll(async () => {
  await emu.stop()
})

/** Either client lean() is given. */
type Client = LambdaClient | CloudWatchLogsClient

/** A client and every attempt it put on the wire, as sent (after signing, retries included). */
function recording<C extends Client>(client: C): { client: C; sent: HttpRequest[] } {
  const sent: HttpRequest[] = []
  const stack = client.middlewareStack as LambdaClient['middlewareStack']
  stack.add(
    (next) => (args) => {
      sent.push(HttpRequest.clone(args.request as HttpRequest))
      return next(args)
    },
    { step: 'deserialize', name: 'testRecorder' }
  )
  return { client, sent }
}

/**
 * Credentials that change on every request, as a chain falls from one provider to another: each
 * expires within the SDK's refresh window, so it is asked again before every use; the source
 * alternates between environment variables and web identity, and from the fifth on they name
 * their account.
 */
function rotating(): {
  provider: () => Promise<AwsCredentialIdentity>
  served: AwsCredentialIdentity[]
} {
  const served: AwsCredentialIdentity[] = []
  const provider = async (): Promise<AwsCredentialIdentity> => {
    const n = served.length + 1
    const key = {
      accessKeyId: `AKIDTEST${n}`,
      secretAccessKey: `secret-${n}`,
      expiration: new Date(Date.now() + 60_000),
      ...(n >= 5 ? { accountId: emu.accountId } : {})
    }
    if (n % 2) setCredentialFeature(key, 'CREDENTIALS_ENV_VARS', 'g')
    else {
      setCredentialFeature(key, 'CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN', 'h')
      setCredentialFeature(key, 'CREDENTIALS_STS_ASSUME_ROLE_WEB_ID', 'k')
    }
    served.push(key)
    return key
  }
  return { provider, served }
}

const invoke = () => new InvokeCommand({ FunctionName: 'f', LogType: 'Tail', Payload: '{}' })
const getFunction = () => new GetFunctionCommand({ FunctionName: 'f' })

/** The same calls for either client; two of the Invokes fail once and are retried by the SDK. */
async function exercise(client: LambdaClient): Promise<void> {
  await client.send(invoke())
  await client.send(getFunction())
  emu.setFaults('f', { serviceErrors: { operation: 'Invoke', count: 1 } })
  await client.send(invoke())
  emu.setFaults('f', { dropConnection: { operation: 'Invoke', count: 1 } })
  await client.send(invoke())
  emu.setFaults('f', {})
  await client.send(getFunction())
  await client.send(invoke())
}

const credentialOf = (r: HttpRequest) => /Credential=(\w+)\//.exec(r.headers.authorization)?.[1]

/** A request body as text; Logs' bodies warn when asked for their string directly. */
function text(body: unknown): unknown {
  if (!(body instanceof Uint8Array)) return body
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
}

/** What must be equal between the two clients: all but the date, the signature and a random id. */
function comparable(r: HttpRequest): Record<string, unknown> {
  const headers: Record<string, string> = { ...r.headers }
  for (const h of ['authorization', 'x-amz-date', 'amz-sdk-invocation-id']) delete headers[h]
  return {
    method: r.method,
    path: r.path,
    query: r.query,
    body: text(r.body),
    headers,
    credential: credentialOf(r),
    signedHeaders: /SignedHeaders=([^,]+)/.exec(r.headers.authorization)?.[1]
  }
}

/** Builds a stock client of one kind for the emulator with static credentials. */
type Stock = (credentials: AwsCredentialIdentity) => Client
const stockLambda: Stock = (credentials) => new LambdaClient({ ...clientConfig(emu), credentials })

/** The Authorization a stock client's own new signer computes for `request` with `key`. */
async function stockSignature(
  request: HttpRequest,
  key: AwsCredentialIdentity,
  stock: Stock
): Promise<string> {
  const client = stock(key)
  try {
    const unsigned = HttpRequest.clone(request)
    delete unsigned.headers.authorization
    delete unsigned.headers['x-amz-date']
    const date = request.headers['x-amz-date'].replace(
      /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
      '$1-$2-$3T$4:$5:$6Z'
    )
    const signer = await client.config.signer()
    const signed = (await signer.sign(unsigned, { signingDate: new Date(date) })) as HttpRequest
    return signed.headers.authorization
  } finally {
    client.destroy()
  }
}

/** Checks each of `sent` against the signature a stock signer computes with the key it names. */
async function expectStockSignatures(
  sent: HttpRequest[],
  keys: AwsCredentialIdentity[],
  stock: Stock = stockLambda
): Promise<void> {
  for (const request of sent) {
    const key = keys.find((k) => k.accessKeyId === credentialOf(request))
    expect(key).toBeDefined()
    expect(request.headers.authorization).toBe(await stockSignature(request, key!, stock))
  }
}

/** A stock client and a lean one, alike but for lean(), each with its own rotating credentials. */
function pair() {
  const make = (trim: boolean) => {
    const credentials = rotating()
    const client = new LambdaClient({
      ...clientConfig(emu),
      credentials: credentials.provider,
      cacheMiddleware: true
    })
    return { ...recording(trim ? lean(client) : client), served: credentials.served }
  }
  return { stock: make(false), trimmed: make(true) }
}

test('a lean client sends what a stock one sends, attempt by attempt, retries included', async () => {
  const { stock, trimmed } = pair()
  try {
    await exercise(stock.client)
    await exercise(trimmed.client)
    // 6 calls, 2 of them retried once.
    expect(stock.sent).toHaveLength(8)
    expect(stock.sent.map((r) => r.headers['amz-sdk-request'])).toContain('attempt=2; max=3')
    // The user agent's feature flags change as the credentials' source and account appear.
    const flags = stock.sent.map((r) => / m\/(\S*)/.exec(r.headers['user-agent'])?.[1])
    expect(new Set(flags).size).toBeGreaterThan(2)
    expect(flags.at(-1)).toMatch(/(^|,)T(,|$)/)
    expect(trimmed.sent.map(comparable)).toEqual(stock.sent.map(comparable))
    await expectStockSignatures(trimmed.sent, trimmed.served)
  } finally {
    stock.client.destroy()
    trimmed.client.destroy()
  }
})

test('a lean CloudWatch Logs client sends what a stock one sends, retries included', async () => {
  const make = (trim: boolean) => {
    const client = new CloudWatchLogsClient({ ...clientConfig(emu), cacheMiddleware: true })
    return recording(trim ? lean(client) : client)
  }
  const [stock, trimmed] = [make(false), make(true)]
  try {
    for (const { client } of [stock, trimmed]) {
      emu.setFaults('f', { serviceErrors: { operation: 'FilterLogEvents', count: 1 } })
      await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f' }))
      await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f' }))
    }
    emu.setFaults('f', {})
    expect(stock.sent.map((r) => r.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
      'attempt=1; max=3'
    ])
    expect(trimmed.sent.map(comparable)).toEqual(stock.sent.map(comparable))
    const key = clientConfig(emu).credentials
    await expectStockSignatures(
      trimmed.sent,
      [key],
      (credentials) => new CloudWatchLogsClient({ ...clientConfig(emu), credentials })
    )
  } finally {
    stock.client.destroy()
    trimmed.client.destroy()
  }
})

test('credentials replaced on the client sign the next request, as in a stock client', async () => {
  const { stock, trimmed } = pair()
  try {
    const replaced = { accessKeyId: 'AKIDREPLACED', secretAccessKey: 'replaced' }
    for (const { client } of [stock, trimmed]) {
      await client.send(invoke())
      client.config.credentials = async () => replaced
      await client.send(invoke())
      await client.send(getFunction())
    }
    expect(trimmed.sent.map(comparable)).toEqual(stock.sent.map(comparable))
    expect(trimmed.sent.slice(1).map(credentialOf)).toEqual(['AKIDREPLACED', 'AKIDREPLACED'])
    await expectStockSignatures(trimmed.sent, [...trimmed.served, replaced])
  } finally {
    stock.client.destroy()
    trimmed.client.destroy()
  }
})

test('one signer per auth scheme and configuration; one that failed to build is asked again', async () => {
  const built: string[] = []
  let fail = true
  let credentials = 'first'
  const reuse = reuseSigners(
    async (scheme) => {
      built.push(`${scheme?.signingRegion}/${credentials}`)
      if (fail) throw new Error('no region yet')
      return {} as RequestSigner
    },
    () => [credentials]
  )
  const east = { name: 'sigv4', signingName: 'lambda', signingRegion: 'us-east-1', properties: {} }
  const west = { ...east, signingRegion: 'eu-west-1' }
  await expect(reuse(east)).rejects.toThrow('no region yet')
  fail = false
  const first = await reuse(east)
  expect(await reuse({ ...east })).toBe(first)
  expect(await reuse(west)).not.toBe(first)
  credentials = 'second'
  const renewed = await reuse(east)
  expect(renewed).not.toBe(first)
  expect(await reuse(east)).toBe(renewed)
  expect(built).toEqual([
    'us-east-1/first',
    'us-east-1/first',
    'eu-west-1/first',
    'us-east-1/second'
  ])
})
