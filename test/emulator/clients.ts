/** Real SDK clients pointed at an emulator (dummy credentials, us-east-1). */
import { LambdaClient } from '@aws-sdk/client-lambda'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { Emulator } from './index.js'

/** Client settings for the emulator; `maxAttempts: 1` shows errors without the SDK's retries. */
export function clientConfig(
  emulator: Pick<Emulator, 'url' | 'region'>,
  maxAttempts?: number
): {
  endpoint: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  maxAttempts?: number
} {
  return {
    endpoint: emulator.url,
    region: emulator.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(maxAttempts ? { maxAttempts } : {})
  }
}

/** A LambdaClient and a CloudWatchLogsClient for the emulator. */
export function sdkClients(
  emulator: Pick<Emulator, 'url' | 'region'>,
  maxAttempts?: number
): { lambda: LambdaClient; logs: CloudWatchLogsClient } {
  const config = clientConfig(emulator, maxAttempts)
  return { lambda: new LambdaClient(config), logs: new CloudWatchLogsClient(config) }
}
