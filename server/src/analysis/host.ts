// What analyses share beyond one run, in one object: the engine's memoised
// results, the interned layer names and name suggestions. A language server makes one for all
// its documents, a CLI run one for all its files; it is passed to the
// analysis entry points, which use a process-wide default when given none
// (tests, one-off calls).
//
//   const host = new AnalysisHost();
//   analyzeSource(parser, text, config, syntax, checkpoints, host);
import { ApplicationCache } from '../engine';
import { EngineCache } from './engineCache';

/** Numbered-name bases remembered; beyond this all are forgotten. */
const MAX_NAME_BASES = 1024;

export class AnalysisHost {
  readonly engine = new EngineCache();
  /** The `keras.applications` models built so far, per constructor and arguments. */
  applications = new ApplicationCache();
  /**
   * Numbered layer names made so far, by base: every analysis names its
   * layers again, and the same string objects keep their hashes (map
   * lookups by name hash them).
   */
  private readonly numberedNames = new Map<string, string[]>();

  /** `${base}_${n}`, the same string each time. */
  numberedName(base: string, n: number): string {
    let names = this.numberedNames.get(base);
    if (names === undefined) {
      if (this.numberedNames.size >= MAX_NAME_BASES) this.numberedNames.clear();
      this.numberedNames.set(base, (names = []));
    }
    if (n >= 100_000) return `${base}_${n}`;
    return (names[n] ??= `${base}_${n}`);
  }

  /** Answers of `nearest` by question: what is typed while a name is incomplete is asked for on every keystroke. */
  private readonly nearestNames = new Map<string, string | null>();

  /** `compute(name)`, remembered by name (a pure function of the name and the catalogue). */
  nearest(name: string, compute: (name: string) => string | undefined): string | undefined {
    let near = this.nearestNames.get(name);
    if (near === undefined) {
      if (this.nearestNames.size >= MAX_NAME_BASES) this.nearestNames.clear();
      near = compute(name) ?? null;
      this.nearestNames.set(name, near);
    }
    return near ?? undefined;
  }

  /** Forgets every memoised result (tests compare against analyses from scratch). */
  clear(): void {
    this.engine.clear();
    this.applications = new ApplicationCache();
    this.numberedNames.clear();
    this.nearestNames.clear();
  }
}

let fallback: AnalysisHost | undefined;

/** The host of analyses given none. */
export function defaultAnalysisHost(): AnalysisHost {
  return (fallback ??= new AnalysisHost());
}
