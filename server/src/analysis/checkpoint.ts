// Checkpoints: the interpreter's state between two top-level chunks, kept so
// the next analysis of a document can start where its text first changed.
//
// Python runs a module's statements in order, and the interpreter is
// deterministic: the state before a chunk depends only on the chunks before it
// (and the analysis settings). After a keystroke the chunks before the change
// are the same syntax objects as before (SyntaxCache), so a checkpoint taken
// before one of them is still the state a fresh run would reach there.
//
//   const store = new CheckpointStore();
//   analyzeSource(parser, text, config, syntax, store);    // takes checkpoints as it runs
//   analyzeSource(parser, edited, config, syntax, store);  // resumes from the latest that applies
//
// A checkpoint is never run, and never shared with a run: taking one keeps a
// copy of the run's state (the run goes on with its own objects), and a run
// resuming from it starts from another copy (Interpreter.fork, stateCopy.ts),
// which keeps sharing within the copy (two names for one list stay one list)
// and shares only what never changes: the syntax, engine results and
// namespace values. A state holding what cannot be copied (a method bound by
// a builtin closure) is not kept.
import type { ChunkSyntax } from '../python/syntax';
import type { Interpreter } from './interpreter/interpreter';
import type { KerasRuntime } from './keras/runtime';
import { Uncopyable } from './stateCopy';
import type { AnalysisConfig } from './types';

/** One kept state: the interpreter as it was before running the chunk after `chunks`. */
export interface Checkpoint {
  /** The chunks before it, which must be the document's first chunks for it to apply (samePrefix). */
  readonly chunks: readonly ChunkSyntax[];
  readonly config: AnalysisConfig;
  readonly state: Interpreter<KerasRuntime>;
  /** A copy of `state` made after a run resumed from it, when the process was idle: the next run takes it instead of copying then. */
  spare?: Interpreter<KerasRuntime>;
  lastUsed: number;
}

/** `firstChange` when no chunk was changed: checkpoints are kept all along a run. */
export const NO_EDIT = Number.MAX_SAFE_INTEGER;

/** Checkpoints kept per document. */
const MAX_CHECKPOINTS = 8;

/**
 * The checkpoints of one document. A run asks `resume` for the latest one that
 * still applies, and asks `wants` before each chunk whether to `take` its state there.
 */
export class CheckpointStore {
  private list: Checkpoint[] = [];
  private clock = 0;
  /** The chunks of the last run, to find where the next one first differs. */
  private lastChunks: readonly ChunkSyntax[] = [];
  /** The chunk the last edit changed (see firstChange). */
  private lastEdit = NO_EDIT;
  /** Steps between two checkpoints taken on the way (set from the length of the last full run). */
  private spacing: number;
  /** Runs resumed from a checkpoint (for tests and the fuzzer). */
  resumed = 0;
  /** How many chunks came before the checkpoint the last run resumed from; -1 when it started at the top (for tests). */
  lastResumedAt = -1;

  /** `minSpacing`: the fewest steps between two checkpoints taken on the way (tests set it low). */
  constructor(private readonly minSpacing = 2_000) {
    this.spacing = Math.max(minSpacing, 20_000);
  }

  /** The latest checkpoint that applies to `chunks` (the document's chunks now), or undefined. */
  resume(chunks: readonly ChunkSyntax[], config: AnalysisConfig): Checkpoint | undefined {
    // Those that do not apply now are kept: undoing a change (typing, then deleting what was typed) makes them apply again.
    let best: Checkpoint | undefined;
    for (const c of this.list) if ((!best || c.chunks.length > best.chunks.length) && c.config === config && samePrefix(c.chunks, chunks)) best = c;
    if (best) {
      best.lastUsed = ++this.clock;
      this.resumed++;
    }
    this.lastResumedAt = best ? best.chunks.length : -1;
    return best;
  }

  /**
   * The state a run of `text` resuming from `checkpoint` starts from: a copy
   * of the checkpoint's (Uncopyable when it cannot be copied). Copying a large
   * state takes milliseconds, so after a resume the next copy is made when
   * the process is idle (typing resumes from the same checkpoint again and
   * again); the result is the same either way.
   */
  stateFor(checkpoint: Checkpoint, text: string): Interpreter<KerasRuntime> {
    const spare = checkpoint.spare;
    checkpoint.spare = undefined;
    let state: Interpreter<KerasRuntime>;
    if (spare) {
      spare.startRun(text);
      state = spare;
      this.sparesUsed++;
    } else state = checkpoint.state.fork(text);
    if (this.spareFor === null) {
      this.spareFor = checkpoint;
      setImmediate(() => this.makeSpare()).unref();
    } else this.spareFor = checkpoint;
    return state;
  }

  /** Runs that started from a spare copy (for tests). */
  sparesUsed = 0;

  /** The checkpoint whose spare copy is to be made when idle; null when none is. */
  private spareFor: Checkpoint | null = null;

  private makeSpare(): void {
    const c = this.spareFor;
    this.spareFor = null;
    // Only a checkpoint still kept: one forgotten since would keep its copy alive for nothing.
    if (c && c.spare === undefined && this.list.includes(c)) c.spare = c.state.fork('');
  }

  /**
   * The first chunk index where `chunks` differ from the last run's; -1 when
   * they are the same chunks. Where the last run's chunks are all the first
   * of `chunks` (it stopped earlier, or there was none), the chunks after them
   * are new to the runs, not changed: the answer is then `edited` (the chunk
   * an edit changed, from the parse) or else the last chunk edited before
   * (where the user types; states after it would soon be of old text), or
   * NO_EDIT when the document was never edited.
   */
  firstChange(chunks: readonly ChunkSyntax[], edited = -1): number {
    const old = this.lastChunks;
    let i = 0;
    while (i < chunks.length && i < old.length && chunks[i] === old[i]) i++;
    if (i === chunks.length && i === old.length) return -1;
    if (i === old.length && edited < i) return this.lastEdit;
    this.lastEdit = i === old.length ? edited : i;
    return this.lastEdit;
  }

  /** Records the chunks of this run (call once per run). */
  ran(chunks: readonly ChunkSyntax[], completedSteps: number | null): void {
    this.lastChunks = chunks;
    // Aim at about eight checkpoints along a full run.
    if (completedSteps !== null) this.spacing = Math.max(this.minSpacing, Math.ceil(completedSteps / 8));
  }

  /**
   * Whether a run at `chunkIndex`, `stepsSince` steps after the checkpoint it
   * resumed from (or last took), should keep its state here: before the chunk
   * that changed (the next keystrokes will likely change it again), and every
   * `spacing` steps before it. States after it would be of text that is
   * likely to change again at once. None on a run of the same chunks as the
   * last (`editChunk` -1): that one kept what it wanted. Every `spacing`
   * steps all along in a document never edited (`editChunk` NO_EDIT).
   */
  wants(chunkIndex: number, stepsSince: number, editChunk: number): boolean {
    if (chunkIndex > editChunk || stepsSince === 0) return false;
    return chunkIndex === editChunk || stepsSince >= this.spacing;
  }

  /**
   * Keeps a copy of the state of `interp` as the state before chunk
   * `chunkIndex` of `chunks`. False when it cannot be copied.
   */
  take(interp: Interpreter<KerasRuntime>, chunkIndex: number, chunks: readonly ChunkSyntax[], config: AnalysisConfig): boolean {
    let state: Interpreter<KerasRuntime>;
    try {
      // A checkpoint's interpreter never runs (runs fork it with their text): it keeps no text alive.
      state = interp.fork('');
    } catch (e) {
      if (e instanceof Uncopyable) return false;
      throw e;
    }
    // One there already does not apply (the run would have resumed from it).
    this.list = this.list.filter((c) => c.chunks.length !== chunkIndex);
    if (this.list.length >= MAX_CHECKPOINTS) {
      // Forget the least recently used one (never the one just resumed from, which was used last).
      let lru = 0;
      for (let i = 1; i < this.list.length; i++) if (this.list[i].lastUsed < this.list[lru].lastUsed) lru = i;
      this.list.splice(lru, 1);
    }
    this.list.push({ chunks: chunks.slice(0, chunkIndex), config, state, lastUsed: ++this.clock });
    return true;
  }

  /** The checkpoints kept, oldest first (for tests). */
  kept(): readonly Checkpoint[] {
    return this.list;
  }

  clear(): void {
    this.list = [];
    this.spareFor = null;
    this.lastChunks = [];
    this.lastEdit = NO_EDIT;
  }
}

/**
 * Whether the chunks a checkpoint was taken after are the document's first
 * chunks now: the same objects, or (after a change was undone) chunks of the
 * same text at the same place. The checkpoint's state refers to its own
 * chunks' syntax; a chunk no parse uses any more keeps its place.
 */
function samePrefix(prefix: readonly ChunkSyntax[], chunks: readonly ChunkSyntax[]): boolean {
  if (prefix.length > chunks.length) return false;
  for (let i = prefix.length - 1; i >= 0; i--) {
    const a = prefix[i];
    const b = chunks[i];
    if (a !== b && (a.home.base !== b.home.base || a.home.text !== b.home.text)) return false;
  }
  return true;
}
