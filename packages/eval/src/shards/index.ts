export * from './ids.js';
export * from './merge.js';
