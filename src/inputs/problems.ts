/** How input problems are collected and how a bad value is quoted in their messages. */

/** A value quoted as JSON writes it, so blanks and odd characters show. */
export function quote(value: string): string {
  return JSON.stringify(value)
}

/** Collects problems while each input is parsed on its own. */
export class Problems {
  readonly list: string[] = []
  /** Records a problem; returns undefined so a parser can `return problems.add(…)`. */
  add(message: string): undefined {
    this.list.push(message)
    return undefined
  }
}

/** A whole number from `min` to `max`, or a problem naming the input and the value. */
export function wholeNumber(
  name: string,
  raw: string,
  min: number,
  max: number,
  problems: Problems
): number | undefined {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    return problems.add(`${name}: ${quote(raw)} is not a whole number between ${min} and ${max}`)
  }
  return Number(raw)
}
