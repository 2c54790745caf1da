/** The LMB_* knobs (src/core/settings.ts): read once, defaults when empty, bad values named. */
import { DEFAULT_SETTINGS, DURATION_VARIABLES, readSettings } from '../../src/core/settings.js'

test('nothing set: every default, no problem', () => {
  expect(readSettings({})).toEqual({ settings: DEFAULT_SETTINGS, problems: [] })
  expect(DEFAULT_SETTINGS).toMatchObject({
    updateDeadlineMs: 300_000,
    restoreDeadlineMs: 180_000,
    requestTimeoutMs: 30_000,
    reportUsage: false
  })
})

test('values in milliseconds, 0 included (no request limit); empty keeps the default', () => {
  const { settings, problems } = readSettings({
    LMB_UPDATE_DEADLINE_MS: ' 1500 ',
    LMB_REQUEST_TIMEOUT_MS: '0',
    LMB_LOGS_DEADLINE_MS: '',
    LMB_REPORT_USAGE: '1'
  })
  expect(problems).toEqual([])
  expect(settings).toMatchObject({
    updateDeadlineMs: 1500,
    requestTimeoutMs: 0,
    logsDeadlineMs: DEFAULT_SETTINGS.logsDeadlineMs,
    reportUsage: true
  })
})

test('a value that is not a number of milliseconds is a problem naming the variable', () => {
  const { settings, problems } = readSettings({
    LMB_STALL_DEADLINE_MS: '-5',
    LMB_CONFLICT_DEADLINE_MS: '2 min'
  })
  expect(problems).toEqual([
    'LMB_CONFLICT_DEADLINE_MS: "2 min" is not a number of milliseconds (0 or more)',
    'LMB_STALL_DEADLINE_MS: "-5" is not a number of milliseconds (0 or more)'
  ])
  expect(settings.stallDeadlineMs).toBe(DEFAULT_SETTINGS.stallDeadlineMs)
})

test("the README's Deadlines table lists every knob with its default", async () => {
  const { readFile } = await import('node:fs/promises')
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
  const rows = [...readme.matchAll(/^\| `(LMB_[A-Z_]+)` \| (\d+) \|/gm)].map((m) => [
    m[1],
    Number(m[2])
  ])
  const knobs = Object.values(DURATION_VARIABLES).map((v) => [v.name, v.ms])
  expect(rows).toEqual(knobs)
})
