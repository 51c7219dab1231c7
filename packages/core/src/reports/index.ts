export * from './case-table.js';
export * from './header.js';
export * from './data-profile.js';
export * from './data-report.js';
export * from './eval-report.js';
export * from './read.js';
export * from './write.js';
