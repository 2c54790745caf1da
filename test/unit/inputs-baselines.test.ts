/** The `baseline-functions` input (src/inputs/baselines.ts): live pairs, and every way to get them wrong. */
import { inputsParser } from '../fixtures/inputs.js'

const ENV = { AWS_REGION: 'eu-west-1' }
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'

const { parse, problems } = inputsParser({ functions: 'orders-pr-42, billing-pr-42' }, ENV)

test('pairs by name or ARN, one per line or comma-separated; the current is the functions entry', () => {
  const plan = parse({
    functions: `orders-pr-42\n${ARN}:billing-pr-42`,
    'baseline-functions': `arn:aws:lambda:eu-west-1:123456789012:function:orders-pr-42 = orders-main\n${ARN}:billing-pr-42=${ARN}:billing-main`
  })
  expect(plan.liveBaselines).toHaveLength(2)
  const [orders, billing] = plan.liveBaselines!
  // Written as an ARN, matched to the name in functions (in the default region):
  expect(orders.current).toBe(plan.functions[0])
  expect(orders.baseline).toMatchObject({ functionName: 'orders-main', region: 'eu-west-1' })
  expect(billing.current).toBe(plan.functions[1])
  expect(billing.baseline).toMatchObject({
    identifier: `${ARN}:billing-main`,
    region: 'us-east-1',
    accountId: '123456789012'
  })
  expect(
    parse({ 'baseline-functions': 'orders-pr-42=orders-main,billing-pr-42=billing-main' })
      .liveBaselines
  ).toHaveLength(2)
  expect(parse({}).liveBaselines).toBeUndefined()
})

test.each([
  [
    'a malformed pair',
    'orders-pr-42',
    'baseline-functions: "orders-pr-42" is not a pair current=baseline'
  ],
  [
    'an empty side',
    'orders-pr-42=',
    'baseline-functions: "orders-pr-42=" is not a pair current=baseline'
  ],
  ['two equals signs', 'a=b=c', 'baseline-functions: "a=b=c" is not a pair current=baseline'],
  [
    'a current not in functions',
    'payments-pr-42=payments-main',
    'baseline-functions: "payments-pr-42" is not one of functions; a current function is benchmarked as listed there'
  ],
  [
    'a baseline that is also in functions',
    'orders-pr-42=billing-pr-42',
    'baseline-functions: "billing-pr-42" is also in functions; list a baseline function only here'
  ],
  [
    'a current paired twice',
    'orders-pr-42=orders-main\norders-pr-42=orders-staging',
    'baseline-functions: "orders-pr-42" is paired twice; give each current function one baseline'
  ],
  [
    'a baseline paired twice',
    'orders-pr-42=main\nbilling-pr-42=main',
    'baseline-functions: "main" is the baseline of two functions; give each its own'
  ],
  [
    'a function paired with itself',
    'orders-pr-42=orders-pr-42',
    'baseline-functions: "orders-pr-42=orders-pr-42" pairs a function with itself'
  ],
  [
    'a qualified baseline',
    'orders-pr-42=orders-main:prod',
    'baseline-functions: "orders-main:prod" names alias "prod"'
  ],
  [
    'a bad name',
    'orders-pr-42=orders main',
    'baseline-functions: "orders main" has an invalid function name'
  ]
])('%s', (_, pairs, message) => {
  const found = problems({ 'baseline-functions': pairs })
  expect(found).toHaveLength(1)
  expect(found[0]).toContain(message)
})

test('baseline and baseline-functions together: one message naming both', () => {
  expect(
    problems({ 'baseline-functions': 'orders-pr-42=orders-main', baseline: 'main.json' })
  ).toEqual([
    'baseline-functions and baseline: give one, live baselines measured in this run or a results file of an earlier one'
  ])
})

test('baseline-map has nothing to match with live pairs', () => {
  expect(
    problems({ 'baseline-functions': 'orders-pr-42=orders-main', 'baseline-map': 'a=b' })
  ).toEqual([
    'baseline-map: matches functions to a baseline file; with baseline-functions the pairs are given there'
  ])
})
