/** `target-precision` and `min-invocations` (src/inputs/sampling.ts), through parseInputs. */
import { inputsParser } from '../fixtures/inputs.js'

const { parse, problems } = inputsParser({ functions: 'orders' }, { AWS_REGION: 'eu-west-1' })

describe('target-precision', () => {
  it('is off when empty, the default: every size takes its invocations', () => {
    expect(parse({}).sampling).toBeUndefined()
  })

  it('takes a percentage above 0 and at most 50, a trailing % allowed', () => {
    expect(parse({ 'target-precision': '2' }).sampling).toEqual({
      targetPrecision: 2,
      minInvocations: 20
    })
    expect(parse({ 'target-precision': '0.5%' }).sampling?.targetPrecision).toBe(0.5)
    expect(parse({ 'target-precision': '50' }).sampling?.targetPrecision).toBe(50)
  })

  it.each(['0', '50.1', '-1', 'tight', '2 percent', '1e1', 'NaN'])('refuses %p', (raw) => {
    expect(problems({ 'target-precision': raw })).toEqual([
      `target-precision: ${JSON.stringify(raw)} is not a percentage above 0 and at most 50`
    ])
  })

  it('needs invocations of at least 5', () => {
    expect(problems({ 'target-precision': '2', invocations: '4' })).toEqual([
      'target-precision: needs invocations of at least 5 (it is 4), the fewest an interval is worth computing from'
    ])
  })
})

describe('min-invocations', () => {
  it('defaults to 20, or to invocations when fewer', () => {
    expect(parse({ 'target-precision': '2', invocations: '12' }).sampling?.minInvocations).toBe(12)
    expect(parse({ 'target-precision': '2', invocations: '500' }).sampling?.minInvocations).toBe(20)
  })

  it('takes a whole number from 5 to invocations', () => {
    const at = (raw: string) =>
      parse({ 'target-precision': '2', invocations: '40', 'min-invocations': raw }).sampling
    expect(at('5')?.minInvocations).toBe(5)
    expect(at('40')?.minInvocations).toBe(40)
  })

  it.each(['4', '41', '2.5', 'ten'])('refuses %p with invocations 40', (raw) => {
    expect(
      problems({ 'target-precision': '2', invocations: '40', 'min-invocations': raw })
    ).toEqual([`min-invocations: ${JSON.stringify(raw)} is not a whole number between 5 and 40`])
  })

  it('is a mistake without target-precision, which it belongs to', () => {
    expect(problems({ 'min-invocations': '30' })).toEqual([
      'min-invocations: is set but target-precision is empty; it is the fewest invocations of adaptive sampling, which target-precision turns on'
    ])
  })

  it('is reported beside any other bad input, all at once', () => {
    expect(
      problems({
        'target-precision': '99',
        invocations: '40',
        'min-invocations': '41',
        concurrency: '0'
      })
    ).toHaveLength(3)
  })
})
