// The one control-flow error of the op catalogue: thrown where Keras raises
// (with Python's exception class and Keras's message) or, as 'unknown', where
// the engine cannot answer; `evaluateOp` turns it into a result.
import type { DiagnosticCode, Teaching } from '../types';

export class OpFailure {
  readonly name = 'OpFailure';
  constructor(
    /** Python's exception class, or 'unknown' when the engine cannot answer. */
    readonly errorType: string,
    readonly message: string,
    readonly code: DiagnosticCode = 'invalid-argument',
    /** The check that failed, with its numbers, for the views' explanation. */
    readonly teach?: Teaching,
  ) {}
}

export function raise(errorType: string, message: string, code?: DiagnosticCode): never {
  throw new OpFailure(errorType, message, code);
}
export function valueError(message: string, code?: DiagnosticCode, teach?: Teaching): never {
  throw new OpFailure('ValueError', message, code, teach);
}
export function typeError(message: string): never {
  throw new OpFailure('TypeError', message);
}
/** The engine does not model this case: the result is 'unknown' with this reason. */
export function notModelled(reason: string): never {
  throw new OpFailure('unknown', reason);
}
