/** The control-plane budget (src/aws/quota.ts) on a virtual clock: its pace, exactly. */
import type { HandlerExecutionContext } from '@smithy/types'
import { controlPlaneBudget } from '../../src/aws/quota.js'
import { virtualClock } from '../fixtures/virtual-clock.js'

/** Sends `count` commands named `commandName` at once; the virtual times at which each went out. */
async function burst(commandName: string, count: number): Promise<number[]> {
  const clock = virtualClock(0)
  const sent: number[] = []
  const next = async () => {
    sent.push(clock.now())
    return { output: { $metadata: {} }, response: {} }
  }
  const handler = controlPlaneBudget(clock)(next, { commandName } as HandlerExecutionContext)
  await Promise.all(Array.from({ length: count }, () => handler({ input: {} })))
  return sent
}

test('GetFunction: a burst of 50 at once, then one every 20 ms (50 per second)', async () => {
  const sent = await burst('GetFunctionCommand', 60)
  expect(sent.slice(0, 50)).toEqual(Array<number>(50).fill(0))
  const gaps = sent.slice(50).map((t, i) => t - sent[49 + i])
  expect(gaps.every((g) => g >= 20 && g <= 21)).toBe(true)
  // Over any second after the burst, at most 50 starts.
  expect(sent.filter((t) => t > 0 && t <= 1000).length).toBeLessThanOrEqual(50)
})

test('updates: 8 per second; Invoke is not budgeted at all', async () => {
  const updates = await burst('UpdateFunctionConfigurationCommand', 16)
  expect(updates.slice(0, 8)).toEqual(Array<number>(8).fill(0))
  expect(updates[15]).toBeGreaterThanOrEqual(1000)
  expect(await burst('InvokeCommand', 500)).toEqual(Array<number>(500).fill(0))
})
