export * from './logger.js';
export * from './run.js';
