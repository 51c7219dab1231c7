/**
 * @mlgate/github — the GitHub API: octokit with retries and throttling, the sticky PR comment, model tags.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { createOctokit } from './octokit.js';
export {
  checkCommentKey,
  composeBody,
  detectFork,
  syncStickyComment,
  verifyPullRequestHead,
} from './sticky-comment.js';
export {
  compareVersions,
  githubModelTags,
  modelTagPrefix,
  modelTagVersion,
  parseTagMessage,
  repositoryFromEnv,
} from './model-tags.js';
export type { ModelTag } from './model-tags.js';
