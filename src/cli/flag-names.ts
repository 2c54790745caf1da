/**
 * The action's messages name inputs (`invocations: "0" is not a whole number …`); the CLI's
 * name flags (`--invocations: "0" is not …`). One translation for every message of
 * inputs/ rather than a second set of messages: parse.ts stays the one place of the rules.
 *
 * Messages name an input in two recognisable ways: as their subject (`name:` or
 * `a and b:` at the start, `Input required and not supplied: name`), and in prose after it,
 * where only a name with a hyphen or an underscore (`baseline-functions`, `AWS_REGION`) is
 * certainly a name and not a word (`payload`, `functions`). Quoted values are never touched:
 * they are what the user wrote.
 */

/** A quoted value, as inputs/problems.ts quotes it (JSON). */
const QUOTED = /("(?:[^"\\]|\\.)*")/
const SUBJECT =
  /^(Input required and not supplied: )?([A-Za-z][\w-]*(?: and [A-Za-z][\w-]*)*)(?=:|\s\(|$)/

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Where the action's wording speaks of a workflow: what a user of the CLI does instead. */
const PHRASES: readonly [string, string][] = [
  [
    'give its full ARN or set AWS_REGION (aws-actions/configure-aws-credentials does)',
    'give its full ARN or --region (or set AWS_REGION, or a region in the AWS profile)'
  ]
]

/** `message` with each input of `names` given as its flag. */
export function renameInputs(message: string, names: ReadonlyMap<string, string>): string {
  const prose = [...names.keys()].filter((n) => /[-_]/.test(n))
  const anywhere =
    prose.length === 0
      ? null
      : new RegExp(
          `(?<![\\w$-])(${prose
            .sort((a, b) => b.length - a.length)
            .map(escape)
            .join('|')})(?![\\w-])`,
          'g'
        )
  let text = message
  for (const [from, to] of PHRASES) text = text.split(from).join(to)
  const parts = text.split(QUOTED)
  return parts
    .map((part, i) => {
      // Odd parts are the quoted values.
      if (i % 2 === 1) return part
      let out = part
      if (i === 0) {
        out = out.replace(SUBJECT, (_, lead: string | undefined, subject: string) => {
          const renamed = subject
            .split(' and ')
            .map((n) => names.get(n) ?? n)
            .join(' and ')
          return `${lead ?? ''}${renamed}`
        })
      }
      if (!anywhere) return out
      // The subject's flags already have their dashes, which the look-behind skips.
      return out.replace(anywhere, (name: string) => names.get(name) ?? name)
    })
    .join('')
}
