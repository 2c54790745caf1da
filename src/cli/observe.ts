/**
 * What the progress display knows of a run, read off the run's own AWS clients: each answered
 * Invoke (a function's count of invocations done), and the memory each GetFunction or
 * UpdateFunctionConfiguration answer shows (the size being measured on $LATEST). Nothing of
 * bench/ has to report to the CLI, and no extra call is made: a middleware sees the answers
 * the benchmark gets anyway, as aws/throttle-observer.ts does for throttles.
 */
import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeMiddleware,
  MetadataBearer
} from '@smithy/types'
import type { AwsClients } from '../aws/clients.js'

/** What the observed clients report, keyed by the function's region and FunctionName. */
export interface RunObserver {
  invoked(region: string, functionName: string): void
  memory(region: string, functionName: string, memorySize: number): void
}

interface Answer {
  MemorySize?: number
  Configuration?: { MemorySize?: number }
}

function middleware(
  region: string,
  observer: RunObserver
): InitializeMiddleware<object, MetadataBearer> {
  return (next: InitializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) =>
    (args: InitializeHandlerArguments<object>) =>
      next(args).then((result) => {
        const name = (args.input as { FunctionName?: unknown }).FunctionName
        if (typeof name !== 'string') return result
        const command = context.commandName
        if (command === 'InvokeCommand') {
          observer.invoked(region, name)
        } else if (
          command === 'GetFunctionCommand' ||
          command === 'UpdateFunctionConfigurationCommand'
        ) {
          const answer = result.output as Answer
          const memory = answer.Configuration?.MemorySize ?? answer.MemorySize
          // A qualified read (a published version) says nothing of $LATEST.
          const qualified = (args.input as { Qualifier?: unknown }).Qualifier !== undefined
          if (typeof memory === 'number' && !qualified) observer.memory(region, name, memory)
        }
        return result
      })
}

/** `clients` with every Lambda client of a region observed (once, when it is first made). */
export function observedClients(clients: AwsClients, observer: RunObserver): AwsClients {
  const seen = new WeakSet<object>()
  const observe = <C extends { middlewareStack: { add: (m: never, o: object) => void } }>(
    client: C,
    region: string
  ): C => {
    if (seen.has(client)) return client
    seen.add(client)
    client.middlewareStack.add(middleware(region, observer) as never, {
      step: 'initialize',
      name: 'lmbCliProgress'
    })
    return client
  }
  return {
    lambda: (region) => observe(clients.lambda(region), region),
    invoker: (region) => observe(clients.invoker(region), region),
    logs: (region) => clients.logs(region),
    observeThrottles: clients.observeThrottles,
    destroy: () => clients.destroy()
  }
}
