export * from './octokit.js';
export * from './sticky-comment.js';
export * from './model-tags.js';
