/**
 * @mlgate/report — rendering reports: job summaries, JUnit and the sticky PR comment.
 * Exports what other packages, the actions, the CLI and their tests use; this package's own modules and tests
 * import by relative path.
 */
export { renderEvalSummary } from './eval-summary.js';
export { renderDataSummary } from './data-summary.js';
export { renderJunitXml } from './junit.js';
export { renderFullComment, renderPrComment } from './pr-comment/index.js';
