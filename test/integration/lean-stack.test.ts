/**
 * The trimmed SDK stack (src/aws/lean-stack.ts) against the emulator: what reaches the wire must
 * be what the stock client sends — the same user-agent headers on every request, signatures a
 * fresh SigV4 signer agrees with, and refreshed credentials used as soon as they change.
 */
import { GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { HttpRequest } from '@smithy/core/protocols'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity, RequestSigner, SourceData } from '@smithy/types'
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

/** A client whose every signed request, as sent, is kept in `sent`. */
function recording(client: LambdaClient): { client: LambdaClient; sent: HttpRequest[] } {
  const sent: HttpRequest[] = []
  client.middlewareStack.add(
    (next) => (args) => {
      sent.push(HttpRequest.clone(args.request as HttpRequest))
      return next(args)
    },
    { step: 'deserialize', name: 'testRecorder' }
  )
  return { client, sent }
}

async function exercise(client: LambdaClient): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await client.send(new InvokeCommand({ FunctionName: 'f', LogType: 'Tail' }))
    await client.send(new GetFunctionCommand({ FunctionName: 'f' }))
  }
}

/** SHA-256 (HMAC when keyed) straight from node:crypto, not the SDK's hash module. */
class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256')
  }
  update(data: SourceData): void {
    this.hash.update(toBytes(data))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest())
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}

/** Re-signs `request` with a new signer at its own x-amz-date and returns the Authorization. */
async function resign(request: HttpRequest, credentials: AwsCredentialIdentity): Promise<string> {
  const unsigned = HttpRequest.clone(request)
  delete unsigned.headers.authorization
  delete unsigned.headers['x-amz-date']
  const date = request.headers['x-amz-date'].replace(
    /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
    '$1-$2-$3T$4:$5:$6Z'
  )
  const signer = new SignatureV4({
    credentials,
    region: emu.region,
    service: 'lambda',
    sha256: Sha256
  })
  const signed = (await signer.sign(unsigned, { signingDate: new Date(date) })) as HttpRequest
  return signed.headers.authorization
}

test('a lean client sends the stock user-agent headers on every request', async () => {
  const stock = recording(new LambdaClient({ ...clientConfig(emu), cacheMiddleware: true }))
  const trimmed = recording(lean(new LambdaClient({ ...clientConfig(emu), cacheMiddleware: true })))
  try {
    await exercise(stock.client)
    await exercise(trimmed.client)
    const agents = (sent: HttpRequest[]) =>
      sent.map((r) => [r.headers['user-agent'], r.headers['x-amz-user-agent']])
    expect(trimmed.sent).toHaveLength(6)
    expect(agents(trimmed.sent)).toEqual(agents(stock.sent))
    expect(trimmed.sent[0].headers['user-agent']).toMatch(/aws-sdk-js\/\S+ .*api\/lambda#/)
  } finally {
    stock.client.destroy()
    trimmed.client.destroy()
  }
})

test('its signatures are the ones a fresh signer computes, also after credentials change', async () => {
  let served = 0
  const keys: AwsCredentialIdentity[] = []
  // Expiring within the SDK's 5-minute refresh window: asked again before every request.
  const credentials = async (): Promise<AwsCredentialIdentity> => {
    const key = {
      accessKeyId: `AKIDTEST${++served}`,
      secretAccessKey: `secret-${served}`,
      expiration: new Date(Date.now() + 60_000)
    }
    keys.push(key)
    return key
  }
  const { client, sent } = recording(
    lean(new LambdaClient({ ...clientConfig(emu), credentials, cacheMiddleware: true }))
  )
  try {
    await exercise(client)
    expect(sent).toHaveLength(6)
    const ids = sent.map((r) => /Credential=(\w+)\//.exec(r.headers.authorization)?.[1])
    expect(new Set(ids).size).toBeGreaterThan(1)
    for (const request of sent) {
      const id = /Credential=(\w+)\//.exec(request.headers.authorization)?.[1]
      const key = keys.find((k) => k.accessKeyId === id)
      expect(key).toBeDefined()
      expect(request.headers.authorization).toBe(await resign(request, key!))
    }
  } finally {
    client.destroy()
  }
})

test('one signer per auth scheme; a signer that failed to build is asked for again', async () => {
  const built: string[] = []
  let fail = true
  const reuse = reuseSigners(async (scheme) => {
    built.push(scheme?.signingRegion ?? '')
    if (fail) throw new Error('no region yet')
    return {} as RequestSigner
  })
  const east = { name: 'sigv4', signingName: 'lambda', signingRegion: 'us-east-1', properties: {} }
  const west = { ...east, signingRegion: 'eu-west-1' }
  await expect(reuse(east)).rejects.toThrow('no region yet')
  fail = false
  const first = await reuse(east)
  expect(await reuse({ ...east })).toBe(first)
  expect(await reuse(west)).not.toBe(first)
  expect(built).toEqual(['us-east-1', 'us-east-1', 'eu-west-1'])
})
