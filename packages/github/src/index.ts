export * from './octokit.js';
export * from './sticky-comment.js';
