export * from './format.js';
export * from './eval-summary.js';
export * from './data-summary.js';
export * from './junit.js';
export * from './pr-comment/index.js';
export * from './reference.js';
