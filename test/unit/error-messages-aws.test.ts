/**
 * AWS's failures in words: what describeAwsError says about the errors the real SDK throws.
 * AWS's answers (expired, unknown or mis-signed credentials, AccessDenied) come from a loopback
 * server speaking Lambda's REST-JSON and CloudWatch Logs' JSON 1.1 as AWS does, through a real
 * client; no credentials from the SDK's own chain with nothing to find; a request left
 * unanswered from the SDK's own request timeout.
 *
 * The network's errors are Node's own, made on loopback (a refused port, a dropped connection)
 * or by a resolver that fails as Node's does (no DNS query leaves the machine), with the
 * `$metadata` the SDK's retry middleware adds. They are not sent through a client here: in
 * Jest's module sandbox Node's errors fail the middleware's `instanceof Error` and are wrapped
 * ("AWS SDK error wrapper for …", code lost), which never happens in the action.
 * test/e2e/error-messages.test.ts sends a refused connection through the built action.
 */
import {
  createServer,
  request,
  type IncomingMessage,
  type RequestOptions,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { FilterLogEventsCommand, CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import {
  describeAwsError,
  failureMessage,
  isAccessDenied,
  isTransient
} from '../../src/aws/errors.js'
import { BenchmarkError } from '../../src/core/errors.js'

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' }
const GET = 'lambda:GetFunction'

/** What a client sending one GetFunction throws. */
async function thrownBy(client: LambdaClient): Promise<unknown> {
  try {
    await client.send(new GetFunctionCommand({ FunctionName: 'orders' }))
  } catch (error) {
    return error
  } finally {
    client.destroy()
  }
  throw new Error('GetFunction succeeded')
}

/**
 * The error Node gives a GetFunction-like request, with the SDK's `$metadata` (the retry
 * middleware sets it on whatever the handler threw).
 */
async function nodeError(options: RequestOptions): Promise<Error> {
  const error = await new Promise<Error>((done, fail) => {
    const req = request({ method: 'GET', path: '/2015-03-31/functions/orders', ...options })
    req.on('error', done)
    req.on('response', () => fail(new Error('answered')))
    req.end()
  })
  return Object.assign(error, { $metadata: { attempts: 3, totalRetryDelay: 150 } })
}

const lambdaAt = (endpoint: string, extra: Record<string, unknown> = {}) =>
  new LambdaClient({ region: 'eu-west-1', endpoint, credentials, maxAttempts: 1, ...extra })

type Handler = (req: IncomingMessage, res: ServerResponse) => void

describe('answers from AWS', () => {
  let server: Server
  let url: string
  let handler: Handler
  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res))
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((done) => server.close(() => done())))

  /** Lambda's REST-JSON error: the code in x-amzn-ErrorType, the message in the body. */
  const lambdaAnswers = (status: number, type: string, body: object): void => {
    handler = (req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'x-amzn-requestid': 'a1b2c3',
          'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/`
        })
        res.end(JSON.stringify(body))
      })
    }
  }

  test('expired credentials: not a permission to grant, but fresh credentials', async () => {
    lambdaAnswers(403, 'ExpiredTokenException', {
      message: 'The security token included in the request is expired'
    })
    const error = await thrownBy(lambdaAt(url))
    expect(error).toMatchObject({
      name: 'ExpiredTokenException',
      $metadata: { httpStatusCode: 403 }
    })
    expect(isAccessDenied(error)).toBe(false)
    expect(isTransient(error)).toBe(false)
    expect(describeAwsError(error, GET, 'orders')).toBe(
      'the AWS credentials have expired (ExpiredTokenException: The security token included in the request is expired); ' +
        'get fresh ones before this step, and with aws-actions/configure-aws-credentials give role-duration-seconds longer than the job runs'
    )
  })

  test.each([
    ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
    [
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.'
    ]
  ])('credentials AWS does not accept (%s): check the three values', async (type, message) => {
    lambdaAnswers(403, type, { message })
    const error = await thrownBy(lambdaAt(url))
    expect(isAccessDenied(error)).toBe(false)
    expect(describeAwsError(error, GET, 'orders')).toBe(
      `AWS did not accept the credentials (${type}: ${message.replace(/\.$/, '')}); check the access key ID, ` +
        'secret access key and session token the job has (aws-actions/configure-aws-credentials sets all three)'
    )
  })

  test('a signature error keeps its first line only: the canonical request after it holds the session token', async () => {
    const token = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN'
    const message =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
      "The Canonical String for this request should have been\n'GET\n/2015-03-31/functions/orders\n\nhost:lambda.eu-west-1.amazonaws.com\nx-amz-date:20261202T101010Z\n" +
      `x-amz-security-token:${token}\n'`
    lambdaAnswers(403, 'InvalidSignatureException', { message })
    const error = await thrownBy(lambdaAt(url))
    const said = describeAwsError(error, GET, 'orders')
    expect(said).not.toContain(token)
    expect(said).not.toContain('Canonical String')
    expect(said).not.toMatch(/[\r\n]/)
    expect(said).toContain(
      'Consult the service documentation for details); check the access key ID'
    )
  })

  test('AccessDenied: the IAM action and the function named, what to grant', async () => {
    const said =
      'User: arn:aws:sts::123456789012:assumed-role/lambda-benchmark/GitHubActions is not authorized to perform: ' +
      'lambda:GetFunction on resource: arn:aws:lambda:eu-west-1:123456789012:function:orders because no ' +
      'identity-based policy allows the lambda:GetFunction action'
    lambdaAnswers(403, 'AccessDeniedException', { Message: said })
    const error = await thrownBy(lambdaAt(url))
    expect(isAccessDenied(error)).toBe(true)
    expect(describeAwsError(error, GET, 'orders')).toBe(
      `lambda:GetFunction was denied for orders (grant lambda:GetFunction on it): ${said}`
    )
  })

  test("CloudWatch Logs' expired credentials (JSON 1.1, a 400) read the same", async () => {
    handler = (req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': 'd4e5f6'
        })
        res.end(
          JSON.stringify({
            __type: 'com.amazon.coral.service#ExpiredTokenException',
            message: 'The security token included in the request is expired'
          })
        )
      })
    }
    const logs = new CloudWatchLogsClient({
      region: 'eu-west-1',
      endpoint: url,
      credentials,
      maxAttempts: 1
    })
    let error: unknown
    try {
      await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/orders' }))
    } catch (e) {
      error = e
    } finally {
      logs.destroy()
    }
    expect(describeAwsError(error, 'logs:FilterLogEvents', 'orders')).toMatch(
      /^the AWS credentials have expired \(ExpiredTokenException: The security token included in the request is expired\); /
    )
  })

  test('a connection dropped before the answer', async () => {
    handler = (req) => req.socket.destroy()
    const { port } = server.address() as AddressInfo
    const error = await nodeError({ host: '127.0.0.1', port })
    expect(error).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' })
    expect(isTransient(error)).toBe(true)
    expect(describeAwsError(error, GET, 'orders', { AWS_ENDPOINT_URL: url })).toBe(
      `the connection to AWS Lambda at ${url} dropped (socket hang up); check the runner's network and AWS_ENDPOINT_URL`
    )
  })

  test('no answer within the request timeout (LMB_REQUEST_TIMEOUT_MS)', async () => {
    // Read the request, never answer it.
    handler = (req) => req.resume()
    const error = await thrownBy(
      lambdaAt(url, { requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } })
    )
    expect(error).toMatchObject({ name: 'TimeoutError' })
    expect(describeAwsError(error, GET, 'orders', { AWS_ENDPOINT_URL: url })).toBe(
      `AWS Lambda at ${url} did not answer within 0.2 s (LMB_REQUEST_TIMEOUT_MS); ` +
        "check the runner's network and AWS_ENDPOINT_URL, or raise LMB_REQUEST_TIMEOUT_MS"
    )
  })
})

describe('no way to AWS', () => {
  test('a refused port: could not reach AWS Lambda at the endpoint given', async () => {
    const endpoint = 'http://127.0.0.1:9'
    const error = await nodeError({ host: '127.0.0.1', port: 9 })
    expect(error).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' })
    expect(isTransient(error)).toBe(true)
    expect(describeAwsError(error, GET, 'orders', { AWS_ENDPOINT_URL: endpoint })).toBe(
      "could not reach AWS Lambda at http://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9); check the runner's network and AWS_ENDPOINT_URL"
    )
    // AWS_ENDPOINT_URL_LAMBDA wins, as it does in the SDK.
    expect(
      describeAwsError(error, GET, 'orders', {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        AWS_ENDPOINT_URL_LAMBDA: endpoint
      })
    ).toMatch(
      /^could not reach AWS Lambda at http:\/\/127\.0\.0\.1:9 .* and AWS_ENDPOINT_URL_LAMBDA$/
    )
    // Without an endpoint of its own and no host name in the error: no place to name.
    expect(describeAwsError(error, 'logs:FilterLogEvents', 'orders', {})).toBe(
      "could not reach CloudWatch Logs (connect ECONNREFUSED 127.0.0.1:9); check the runner's network"
    )
  })

  test("Lambda's own endpoint name does not resolve: the region named", async () => {
    const looked: string[] = []
    // Node's resolver error for a name with no address (dns.lookup → getaddrinfo).
    const lookup = (hostname: string, _: unknown, callback: (error: Error) => void): void => {
      looked.push(hostname)
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          errno: -3008,
          code: 'ENOTFOUND',
          syscall: 'getaddrinfo',
          hostname
        })
      )
    }
    const error = await nodeError({
      host: 'lambda.eu-west-1.amazonaws.com',
      port: 443,
      lookup: lookup as never
    })
    expect(looked).toEqual(['lambda.eu-west-1.amazonaws.com'])
    expect(isTransient(error)).toBe(true)
    expect(describeAwsError(error, GET, 'orders', {})).toBe(
      "could not reach AWS Lambda in eu-west-1 (getaddrinfo ENOTFOUND lambda.eu-west-1.amazonaws.com); check the runner's network"
    )
  })

  describe('no credentials anywhere the SDK looks', () => {
    const saved = { ...process.env }
    beforeAll(() => {
      for (const name of Object.keys(process.env)) {
        if (name.startsWith('AWS_')) delete process.env[name]
      }
      Object.assign(process.env, {
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials'
      })
    })
    afterAll(() => {
      for (const name of Object.keys(process.env)) delete process.env[name]
      Object.assign(process.env, saved)
    })

    test('CredentialsProviderError: give the job credentials', async () => {
      const client = new LambdaClient({
        region: 'eu-west-1',
        endpoint: 'http://127.0.0.1:9',
        maxAttempts: 1
      })
      const error = await thrownBy(client)
      expect(error).toMatchObject({ name: 'CredentialsProviderError' })
      expect(isTransient(error)).toBe(false)
      expect(describeAwsError(error, GET, 'orders')).toBe(
        'no AWS credentials were found (Could not load credentials from any providers); ' +
          'give the job credentials before this step, e.g. with aws-actions/configure-aws-credentials'
      )
    })
  })
})

test('a message of ours is shown as it is', () => {
  const error = new BenchmarkError('orders is Failed (Lambda: bad image); fix the function')
  expect(failureMessage(error, GET, 'orders')).toBe(error.message)
})
