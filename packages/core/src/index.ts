export * from './errors.js';
export * from './logger.js';
export * from './inputs.js';
export * from './files.js';
