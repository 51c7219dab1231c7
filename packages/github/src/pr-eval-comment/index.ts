/** pr-eval-comment's step (`@mlgate/github/pr-eval-comment`): inputs, the target pull request, the comment. */
export * from './inputs.js';
export * from './target.js';
export * from './step.js';
