/**
 * The one piece of per-request SDK work that is replaced: the SigV4 signer. For every request
 * (every attempt) the SDK's signer provider (resolveAwsSdkSigV4Config in @aws-sdk/core) builds a
 * new SignatureV4, copying the whole client configuration (about a hundred properties) into it:
 * some 50 µs of an Invoke's 0.6–1.2 ms of CPU. One signer per auth scheme is kept instead, built
 * by that same provider and used only while the configuration it was built from still holds. A
 * signer keeps nothing a new one would not have: it asks the client's credentials provider on
 * every request, and the SigV4 signing-key cache is module-wide.
 *
 * Nothing else of the stack is changed. Reusing the user-agent headers froze their `m/` feature
 * flags, which the SDK computes per request (the credentials' source and account among them);
 * that, like dropping the recursion-detection and logger middleware, saved too little to be
 * worth an internal replaced: a few per cent at most, within `npm run bench`'s noise (figures in
 * the commit that removed them).
 * test/integration/lean-stack.test.ts checks, attempt by attempt against a stock client, that
 * every header and every signature is the stock one.
 */
import type { AuthScheme, RequestSigner } from '@smithy/types'

type SignerProvider = (authScheme?: AuthScheme) => Promise<RequestSigner>

/**
 * What the SDK's signer provider reads from the configuration on every call to build a signer
 * (the rest it captured when the client was built): a kept signer is only as good as these.
 * `credentials` changes when assigned on the client; the signing region and name are set by the
 * provider's first call.
 */
const SIGNER_INPUTS = [
  'credentials',
  'signingRegion',
  'signingName',
  'signerConstructor',
  'applyChecksum'
] as const

type SignerInputs = Partial<Record<(typeof SIGNER_INPUTS)[number], unknown>>

/** What lean() needs of a client (LambdaClient, CloudWatchLogsClient). */
interface Trimmable {
  config: { signer: SignerProvider } & SignerInputs
}

/** Gives `client` one signer per auth scheme instead of one per request; returns it. */
export function lean<C extends Trimmable>(client: C): C {
  const { config } = client
  config.signer = reuseSigners(config.signer, () => SIGNER_INPUTS.map((name) => config[name]))
  return client
}

interface Kept {
  signer: Promise<RequestSigner>
  /** The inputs once the signer was built (the build sets some); unset while it is built. */
  builtFrom?: readonly unknown[]
}

/**
 * One signer per (scheme, signing name, signing region), asked of `create` again when `inputs()`
 * no longer returns what it did once the signer was built; a failed creation is not kept.
 */
export function reuseSigners(
  create: SignerProvider,
  inputs: () => readonly unknown[] = () => []
): SignerProvider {
  const signers = new Map<string, Kept>()
  return (authScheme) => {
    const key = authScheme
      ? `${authScheme.name}/${authScheme.signingName}/${authScheme.signingRegion}`
      : ''
    const kept = signers.get(key)
    if (kept && (!kept.builtFrom || same(kept.builtFrom, inputs()))) return kept.signer
    const entry: Kept = { signer: create(authScheme) }
    signers.set(key, entry)
    entry.signer.then(
      () => (entry.builtFrom = inputs()),
      () => signers.get(key) === entry && signers.delete(key)
    )
    return entry.signer
  }
}

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}
