/**
 * In-process kubectl: run a command line against a KubectlContext and get back what kubectl prints.
 * The printers are exported too, for the HTTP API's Table responses and for anyone formatting objects
 * the way kubectl does.
 */
export { runKubectl } from './run.js';
export type { ExecResult, KubectlContext, KubectlResult, LogOptions, RunOptions } from './context.js';
export { nodeFiles } from './files.js';
export { tokenize } from './args.js';
export { printJsonPath } from './jsonpath.js';
export { humanDuration } from './age.js';
export { formatTable } from './tabwriter.js';
export * from './printers/index.js';
