// Control flow inside the engine: a layer function throws `LayerError` where
// Keras would raise, and `UnknownValueError` where a value it needs is unknown.
// `evaluateLayer` turns both into results; nothing escapes the engine.
import type { DiagnosticCode, Teaching } from './types';

// Both are control flow, thrown and caught inside the engine: they are plain
// objects rather than `Error`s, since capturing a stack trace would cost more
// than the layer.
export class LayerError {
  readonly name = 'LayerError';
  constructor(
    readonly code: DiagnosticCode,
    readonly message: string,
    /** Where Keras raises: in the constructor or when the layer is called. */
    readonly phase: 'construct' | 'call' = 'call',
    /** The check that failed, with its numbers (see `Teaching`). */
    readonly teach?: Teaching,
  ) {}
}

export class UnknownValueError {
  readonly name = 'UnknownValueError';
  constructor(readonly message: string) {}
}

export function fail(code: DiagnosticCode, message: string, teach?: Teaching): never {
  throw new LayerError(code, message, 'call', teach);
}
export function failConstruct(code: DiagnosticCode, message: string, teach?: Teaching): never {
  throw new LayerError(code, message, 'construct', teach);
}
export function unknown(reason: string): never {
  throw new UnknownValueError(reason);
}
