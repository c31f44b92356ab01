// Public surface of the shape engine (pure: no I/O, no globals beyond the
// immutable catalogue).
export * from './types';
export { evaluateLayer, evaluateLayerNamed, constructLayer, constructLayerNamed, findSpec, knownLayerNames, paramFormula } from './evaluate';
export type { EvaluateOptions, NamedOutcome } from './evaluate';
export { formatShape, formatCount, formatDim, pyRepr, snakeCase } from './format';
export { DIAGNOSTIC_CODES } from './codes';
export { UNDESCRIBED_LAYERS } from './catalogue';
export { parseLayerCase, resultToWire, pyValueFromJson } from './json';
export type { LayerCase, WireResult } from './json';
