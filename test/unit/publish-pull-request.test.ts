import { pullRequestTarget } from '../../src/publish/pull-request.js'

// Trimmed from the webhook payloads GitHub writes to GITHUB_EVENT_PATH.
const pullRequest = {
  action: 'synchronize',
  number: 42,
  pull_request: { number: 42, state: 'open', head: { ref: 'feature' }, base: { ref: 'main' } },
  repository: { name: 'octo-repo', owner: { login: 'octo-org' } }
}
const issueCommentOnPr = {
  action: 'created',
  issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/o/r/pulls/7' } },
  comment: { body: '/benchmark' }
}
const issueCommentOnIssue = { action: 'created', issue: { number: 8 }, comment: { body: 'hi' } }
const workflowRun = {
  action: 'completed',
  workflow_run: { event: 'pull_request', pull_requests: [{ number: 99, head: { ref: 'x' } }] }
}
const workflowRunOfFork = { action: 'completed', workflow_run: { pull_requests: [] } }
const push = { ref: 'refs/heads/main', after: 'a'.repeat(40) }

describe('pullRequestTarget', () => {
  it('takes the number of a pull_request or pull_request_target event', () => {
    expect(pullRequestTarget({ eventName: 'pull_request', payload: pullRequest })).toEqual({
      number: 42
    })
    expect(
      pullRequestTarget({ eventName: 'pull_request_target', payload: pullRequest }, 5)
    ).toEqual({
      number: 42
    })
  })

  it('takes a comment’s pull request, but not a plain issue’s', () => {
    expect(pullRequestTarget({ eventName: 'issue_comment', payload: issueCommentOnPr })).toEqual({
      number: 7
    })
    expect(
      pullRequestTarget({ eventName: 'issue_comment', payload: issueCommentOnIssue }).number
    ).toBeUndefined()
  })

  it('takes a workflow_run’s pull request, else pr-number', () => {
    expect(pullRequestTarget({ eventName: 'workflow_run', payload: workflowRun })).toEqual({
      number: 99
    })
    expect(
      pullRequestTarget({ eventName: 'workflow_run', payload: workflowRunOfFork }, 12)
    ).toEqual({
      number: 12
    })
  })

  it('falls back to pr-number, and says why there is no comment without it', () => {
    expect(pullRequestTarget({ eventName: 'push', payload: push }, 3)).toEqual({ number: 3 })
    const none = pullRequestTarget({ eventName: 'push', payload: push })
    expect(none.number).toBeUndefined()
    expect(none.reason).toMatch(/^push event and no pr-number: no comment/)
    expect(pullRequestTarget({ eventName: 'schedule', payload: {} }).reason).toMatch(
      /^schedule event/
    )
  })

  it('ignores a number that is not a positive integer', () => {
    expect(
      pullRequestTarget({ eventName: 'push', payload: { pull_request: { number: '4' } } }, 0).number
    ).toBeUndefined()
  })
})

describe('pullRequestTarget: an explicit pr-number', () => {
  it('wins over the pull requests a workflow_run guesses from its head branch', () => {
    // workflow_run lists every open PR whose head branch has the run's branch name, which for a
    // fork's `main` can be someone else's PR: the number the user passed is the one meant.
    expect(pullRequestTarget({ eventName: 'workflow_run', payload: workflowRun }, 12)).toEqual({
      number: 12
    })
  })

  it('guesses nothing when a workflow_run lists several pull requests', () => {
    const two = { workflow_run: { pull_requests: [{ number: 99 }, { number: 100 }] } }
    expect(pullRequestTarget({ eventName: 'workflow_run', payload: two }).number).toBeUndefined()
  })
})
