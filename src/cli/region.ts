/**
 * The region of functions given by name, as the SDK finds it: `--region` (set as AWS_REGION),
 * AWS_REGION or AWS_DEFAULT_REGION (parse.ts reads both), else the `region` of the profile in
 * ~/.aws/config. Reading the profile is the SDK's own resolution: a file read, no AWS call.
 */
import { LambdaClient } from '@aws-sdk/client-lambda'

/** The profile's region, or undefined when it has none. */
export async function profileRegion(): Promise<string | undefined> {
  const client = new LambdaClient({})
  try {
    return await client.config.region()
  } catch {
    // "Region is missing": parse.ts then says which function needs one, and how to give it.
    return undefined
  } finally {
    client.destroy()
  }
}
