/** The error a promise rejects with, for asserting its SDK fields (name, $metadata, Reason…). */
export async function caught(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p
  } catch (err) {
    return err as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}
