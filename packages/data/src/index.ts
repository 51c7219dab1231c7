export * from './validate/run.js';
export * from './validate/options.js';
export * from './validate/annotations.js';
export * from './profile/profile.js';
export { ColumnProfile } from './profile/column.js';
export * from './readers/types.js';
export { detectFormat, resolveFormat, DATA_FORMATS } from './readers/format.js';
export * from './validate/infer.js';
export * from './contract/index.js';
