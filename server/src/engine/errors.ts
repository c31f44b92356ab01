// Control flow inside the engine: a layer function throws `LayerError` where
// Keras would raise, and `UnknownValueError` where a value it needs is unknown.
// `evaluateLayer` turns both into results; nothing escapes the engine.
import type { DiagnosticCode } from './types';

export class LayerError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    /** Where Keras raises: in the constructor or when the layer is called. */
    readonly phase: 'construct' | 'call' = 'call',
  ) {
    // These are control flow, caught inside the engine: capturing a stack trace would cost more than the layer.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export class UnknownValueError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export function fail(code: DiagnosticCode, message: string): never {
  throw new LayerError(code, message);
}
export function failConstruct(code: DiagnosticCode, message: string): never {
  throw new LayerError(code, message, 'construct');
}
export function unknown(reason: string): never {
  throw new UnknownValueError(reason);
}
