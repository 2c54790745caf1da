import {
  formatChange,
  formatCount,
  formatMb,
  formatMs,
  formatNumber,
  formatPercent,
  formatUsd,
  formatWallTime,
  MINUS,
  NBSP
} from '../../src/report/format.js'

describe('report number formatting', () => {
  it('writes USD with two decimals from $1 and two significant digits below', () => {
    expect(formatUsd(2.0833)).toBe('$2.08')
    expect(formatUsd(1234.5)).toBe('$1,234.50')
    expect(formatUsd(0.0000020833)).toBe('$0.0000021')
    expect(formatUsd(0.42)).toBe('$0.42')
    expect(formatUsd(0.0995)).toBe('$0.10')
    expect(formatUsd(0.999)).toBe('$1.00')
    expect(formatUsd(0)).toBe('$0')
    expect(formatUsd(-1.2)).toBe(`${MINUS}$1.20`)
    expect(formatUsd(1e-9)).toBe('$0.0000000010')
    expect(formatUsd(1e-9)).not.toMatch(/e/)
  })

  it('writes ms with the decimals that matter at that scale', () => {
    expect(formatMs(1234.4)).toBe('1,234')
    expect(formatMs(231.47)).toBe('231')
    expect(formatMs(45.26)).toBe('45.3')
    expect(formatMs(3.14159)).toBe('3.14')
    expect(formatMs(-45.26)).toBe(`${MINUS}45.3`)
  })

  it('groups thousands and uses a real minus sign', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatNumber(-1234.5, 1)).toBe(`${MINUS}1,234.5`)
    expect(formatNumber(-0.001, 1)).toBe('0.0')
    expect(formatNumber(Number.NaN)).toBe('—')
  })

  it('writes signed changes and shares in percent', () => {
    expect(formatChange(-0.38)).toBe(`${MINUS}38${NBSP}%`)
    expect(formatChange(0.05)).toBe(`+5${NBSP}%`)
    expect(formatChange(0.0123)).toBe(`+1.2${NBSP}%`)
    expect(formatChange(0.0001)).toBe(`±0${NBSP}%`)
    expect(formatChange(5.48)).toBe(`+548${NBSP}%`)
    expect(formatPercent(0.6875)).toBe(`69${NBSP}%`)
  })

  it('writes memory as AWS does and wall times readably', () => {
    expect(formatMb(1024)).toBe(`1024${NBSP}MB`)
    expect(formatWallTime(850)).toBe(`850${NBSP}ms`)
    expect(formatWallTime(42_400)).toBe(`42${NBSP}s`)
    expect(formatWallTime(72_400)).toBe(`1${NBSP}min 12${NBSP}s`)
    expect(formatWallTime(3_780_000)).toBe(`1${NBSP}h 3${NBSP}min`)
  })
})
