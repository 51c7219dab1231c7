export * from './annotate.js';
export * from './logger.js';
export * from './run.js';
export * from './step.js';
export * from './publish.js';
