export * from './format.js';
export * from './eval-summary.js';
