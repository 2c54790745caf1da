/**
 * One shared budget for Lambda control-plane calls per client (so per region): every function's
 * waiter polls GetFunction, and twenty functions waiting at once must not exceed the account's
 * quota (GetFunction 100 req/s, other control-plane calls 15 req/s). Invoke is not limited here.
 */
import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeMiddleware,
  MetadataBearer
} from '@smithy/types'
import type { Clock } from '../core/clock.js'

/** Requests per second we allow ourselves: half of each quota, leaving room for others. */
const RATES: Record<string, number> = {
  GetFunctionCommand: 50,
  UpdateFunctionConfigurationCommand: 8,
  PublishVersionCommand: 8,
  ListVersionsByFunctionCommand: 8,
  DeleteFunctionCommand: 8
}

/** A token bucket: at most `rate` starts per second, bursts up to `rate`. */
class Bucket {
  private tokens: number
  private last: number
  private queue: Promise<void> = Promise.resolve()
  constructor(
    private readonly rate: number,
    private readonly clock: Clock
  ) {
    this.tokens = rate
    this.last = clock.now()
  }
  take(): Promise<void> {
    // Chained so that waiters are served in order.
    const turn = this.queue.then(() => this.acquire())
    this.queue = turn
    return turn
  }
  private async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate)
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000))
    }
  }
}

/** A middleware (one per client) that spaces out control-plane calls. */
export function controlPlaneBudget(clock: Clock): InitializeMiddleware<object, MetadataBearer> {
  const buckets = new Map<string, Bucket>()
  return (next: InitializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) =>
    (args: InitializeHandlerArguments<object>) => {
      const name = context.commandName
      const rate = name ? RATES[name] : undefined
      // Invoke is not budgeted: passed straight on, without a promise of our own.
      if (!rate) return next(args)
      let bucket = buckets.get(name as string)
      if (!bucket) buckets.set(name as string, (bucket = new Bucket(rate, clock)))
      return bucket.take().then(() => next(args))
    }
}
