import { displayNames } from '../../src/stats/display-names.js'

const fn = (name: string, region: string, account = '123456789012') => ({
  functionArn: `arn:aws:lambda:${region}:${account}:function:${name}`,
  functionName: name,
  region
})

describe('displayNames', () => {
  it('uses the bare name when names are unique', () => {
    expect(displayNames([fn('a', 'us-east-1'), fn('b', 'eu-west-1')])).toEqual(['a', 'b'])
  })

  it('adds the region only to names that collide', () => {
    expect(
      displayNames([fn('api', 'us-east-1'), fn('api', 'eu-west-1'), fn('worker', 'us-east-1')])
    ).toEqual(['api (us-east-1)', 'api (eu-west-1)', 'worker'])
  })

  it('adds the account where name and region still collide', () => {
    expect(
      displayNames([
        fn('api', 'us-east-1', '111111111111'),
        fn('api', 'us-east-1', '222222222222'),
        fn('api', 'eu-west-1', '111111111111')
      ])
    ).toEqual(['api (us-east-1, 111111111111)', 'api (us-east-1, 222222222222)', 'api (eu-west-1)'])
  })

  it('prefers an explicit accountId and falls back to the ARN', () => {
    const a = { ...fn('x', 'us-east-1'), functionArn: 'x', accountId: '111111111111' }
    const b = { ...fn('x', 'us-east-1'), functionArn: 'x2', accountId: '222222222222' }
    expect(displayNames([a, b])).toEqual([
      'x (us-east-1, 111111111111)',
      'x (us-east-1, 222222222222)'
    ])
    const same = fn('y', 'us-east-1')
    expect(displayNames([same, { ...same }])).toEqual([same.functionArn, same.functionArn])
  })
})
