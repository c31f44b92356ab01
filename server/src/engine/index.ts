// Public surface of the shape engine (pure: no I/O, no globals beyond the
// immutable catalogue).
export * from './types';
export { evaluateLayer, evaluateLayerNamed, constructLayer, constructLayerNamed, findSpec, isKerasLayerName, knownLayerNames, listInputCall, paramFormula, vocabularySize, argumentAttribute } from './evaluate';
export type { EvaluateOptions, NamedOutcome } from './evaluate';
export { formatShape, formatCount, formatDim, pyRepr, snakeCase } from './format';
export { DIAGNOSTIC_CODES, LEGACY_CODES } from './codes';
export { UNDESCRIBED_LAYERS } from './catalogue';
export { THIRD_PARTY_LAYERS } from './layers/thirdParty';
export { LIST_INPUT_LAYERS, LOOKUP_LAYERS } from './layers/lookup';
export { parseLayerCase, resultToWire, pyValueFromJson } from './json';
export type { LayerCase, WireResult } from './json';
export * from './applications';
export { translateLegacyCall, mayHaveLegacySpelling, keras3Keywords, renderFixText, parseKerasVersion, legacyBackendCall, IMAGE_DATA_FORMAT_FUNCTIONS, KERAS_VERSIONS, DEFAULT_KERAS_VERSION } from './legacy';
export type {
  KerasVersion,
  LegacyArg,
  LegacyCall,
  LegacyCode,
  LegacyNote,
  LegacyEdit,
  LegacyTranslation,
  ArgRef,
  FixPiece,
  Keras3Behaviour,
  BackendCallEffect,
  ImageDataFormat,
} from './legacy';
export * as ops from './ops';
