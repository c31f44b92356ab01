// Public surface of the op catalogue.
export * from './types';
export { evaluateOp, findOp, knownOpPaths, opSummary } from './catalogue';
export type { OpEntry } from './catalogue';
export { tensor, int, float, tuple, list, resultValue, valueItem } from './values';
export { resultType } from './dtypes';
export { FOREIGN_OPS, resolveForeignOp, evaluateForeignOp } from './foreign';
export type { ForeignOp } from './foreign';
