export * from './logger.js';
export * from './run.js';
export * from './step.js';
