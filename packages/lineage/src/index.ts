export * from './digest.js';
export * from './dvc.js';
export * from './data.js';
export * from './statement.js';
export * from './model-card.js';
export * from './verify.js';
export * from './workspace.js';
export * from './versioning.js';
