// What the analysis of one Python file produces: every layer call with its
// distinct results, every model with its totals, summary rows and graph, and
// diagnostics. Plain data computed at the end of a run (JSON round-trips it
// unchanged; nothing in it calls back into the interpreter). All positions
// are JS string offsets (UTF-16 code units) into the analysed text; views
// convert them to lines and columns.
import type { DiagnosticCode, EngineConfig, ExplainStep, KerasVersion, Shape, Teaching, Weight } from '../engine';

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** A shape whose rank is known and some dimensions are not (`'?'`); `null` is Keras's None. */
export type PartialShape = readonly (number | null | '?')[];

/** One distinct result of a call site (a helper called in a loop can give several). */
export interface CallOutcome {
  readonly inputShapes: readonly (Shape | null)[];
  /** null when the output is unknown (shown as `?`). */
  readonly outputShapes: readonly Shape[] | null;
  /** When `outputShapes` is null but the ranks are known: the shapes with `'?'` for the unknown dimensions. */
  readonly partialShapes?: readonly PartialShape[];
  /** null when unknown. Counted as at the end of the script (so `trainable = False` set later shows). */
  readonly trainableParams: number | null;
  readonly nonTrainableParams: number | null;
  readonly weights: readonly Weight[];
  readonly explain: readonly ExplainStep[];
  readonly unknownReason?: string;
  /** Set when Keras raises at this call: the error, for the hint (`✗ ndim 3, needs 4`) and the hover's explanation. */
  readonly error?: CallFailure;
  /** Set when the output is unknown because of an error upstream (the input comes from it): that error's 1-based line. */
  readonly blockedBy?: number;
  /** How many times the script produced this result here. */
  readonly count: number;
}

/** An error Keras raises at a layer call (or in the constructor of the layer called). */
export interface CallFailure {
  readonly code: AnalysisCode;
  /** Keras's message, as the diagnostic shows it. */
  readonly message: string;
  /** The 1-based line of the diagnostic. */
  readonly line: number;
  /** What Keras checked, with the numbers, when the engine says. */
  readonly teach?: Teaching;
}

export interface LayerCall {
  /** The Keras class (`Conv2D`), `Sequential`, `Functional`, or a user subclass name. */
  readonly className: string;
  /** The call expression (or the `.add(...)` call / the layer's constructor inside a Sequential). */
  readonly range: TextRange;
  /** Where the inlay hint goes: the end of the call expression. */
  readonly hintOffset: number;
  /** The Keras instance name (`conv2d_1`) when known. */
  readonly layerName?: string;
  /** Page under https://keras.io/api/layers/ for the hover link. */
  readonly docPath?: string;
  readonly outcomes: readonly CallOutcome[];
}

/** One row of a model summary, like a row of Keras's `model.summary()`. */
export interface SummaryRow {
  readonly name: string;
  readonly className: string;
  readonly outputShapes: readonly Shape[] | null;
  /** When `outputShapes` is null but the ranks are known: the shapes with `'?'` for the unknown dimensions. */
  readonly partialShapes?: readonly PartialShape[];
  readonly params: number | null;
  /**
   * Keras's "Connected to" cell for a functional model that is not a plain
   * chain: the inbound tensors as `layer[node_index][tensor_index]`, empty
   * for an input (printed `-`). Absent for Sequential-like summaries.
   */
  readonly connectedTo?: readonly string[];
  /** `params` split as Keras counts it (null when unknown). */
  readonly trainableParams?: number | null;
  readonly nonTrainableParams?: number | null;
  /**
   * The layers whose outputs this row's call takes, by name, in order (the
   * names in "Connected to"); empty for an input; absent when not known
   * (a subclassed model's `call` is code).
   */
  readonly inbound?: readonly string[];
  /**
   * Set (with a Keras 2 summary layout) when the layer's calls gave different
   * output shapes: Keras 2's `layer.output_shape` raises then, and its
   * summary prints `multiple`.
   */
  readonly multipleOutputShapes?: true;
}

/** One layer of a model's graph (for a functional model, its inputs too). */
export interface ModelGraphNode {
  /** The Keras layer name, unique in the model. */
  readonly name: string;
  readonly className: string;
  readonly outputShapes: readonly Shape[] | null;
  /** When `outputShapes` is null but the ranks are known: the shapes with `'?'` for the unknown dimensions. */
  readonly partialShapes?: readonly PartialShape[];
  readonly params: number | null;
}

/** A tensor from one layer (`from`) into another's call (`to`), by layer name; tensor operations in between are left out. */
export interface ModelGraphEdge {
  readonly from: string;
  readonly to: string;
}

/** A model's layers and how tensors flow between them: a chain for a Sequential model, no edges for a subclassed one (its `call` is code). */
export interface ModelGraph {
  readonly nodes: readonly ModelGraphNode[];
  readonly edges: readonly ModelGraphEdge[];
}

export interface ModelInfo {
  /** The variable it was assigned to, else Keras's name. */
  readonly name: string;
  /** Keras's model name (`sequential`, `functional`, the `name=` argument). */
  readonly kerasName: string;
  readonly className: string;
  /** The constructor expression (`keras.Sequential(...)`, `keras.Model(...)`, `MyModel()`). */
  readonly range: TextRange;
  readonly totalParams: number | null;
  readonly trainableParams: number | null;
  readonly nonTrainableParams: number | null;
  readonly rows: readonly SummaryRow[];
  /**
   * False for a functional model that branches, merges or shares a layer:
   * Keras's summary then has a fourth column, "Connected to". Absent or true
   * for the three-column layout.
   */
  readonly sequentialLike?: boolean;
  readonly graph: ModelGraph;
  /** Set for a model a `keras.applications` constructor built (`ResNet50`). */
  readonly application?: ApplicationInfo;
  /**
   * The `model.summary()` table of the Keras the code is written for, when it
   * is Keras 2's ('2': the multi-backend Keras 2; 'tf.keras2': tf.keras 2);
   * absent for Keras 3's.
   */
  readonly summaryLayout?: '2' | 'tf.keras2';
  /** When its totals are unknown because a layer of it fails: the 1-based line of that error. */
  readonly errorLine?: number;
  /**
   * When its totals are not known and no error explains it: where the
   * analysis first lost track of its shapes (the first of its layers' calls
   * with an unknown result) and why.
   */
  readonly unknownAt?: { readonly range: TextRange; readonly reason: string };
}

/** What a `keras.applications` constructor built. */
export interface ApplicationInfo {
  /** `ResNet50`. */
  readonly constructorName: string;
  /** `ResNet`. */
  readonly family: string;
  readonly outputShapes: readonly Shape[];
  /** `len(model.layers)`: its input layer and layers, operations left out. */
  readonly layerCount: number;
}

export type Severity = 'error' | 'warning' | 'info';

export type AnalysisCode = DiagnosticCode | 'budget-exhausted' | 'syntax-error' | 'shapes-lost';

/** One text replacement of a quick fix; an empty range inserts. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** A quick fix that is certain: applying its edits removes the diagnostic. */
export interface DiagnosticFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly range: TextRange;
  readonly severity: Severity;
  readonly code: AnalysisCode;
  readonly message: string;
  /** Quick fixes, when the fix is certain (`border_mode='same'` → `padding='same'`). */
  readonly fixes?: readonly DiagnosticFix[];
  /** What Keras checked, with the user's numbers (for the explanation in the hover). */
  readonly teach?: Teaching;
  /** A `shapes-lost` note's model (Keras's name) and reason, for the views to say in the user's words. */
  readonly lost?: { readonly model: string; readonly reason: string };
}

export interface AnalysisResult {
  readonly calls: readonly LayerCall[];
  readonly models: readonly ModelInfo[];
  readonly diagnostics: readonly Diagnostic[];
  /** Interpretation steps used; equal to the budget when it ran out. */
  readonly steps: number;
  readonly budgetExhausted: boolean;
  /**
   * A run that stopped after a range of lines (analyzeRange): only the calls
   * whose hints lie there, no models, the diagnostics found up to there.
   */
  readonly partial: boolean;
  /** The workspace modules the analysis read (imports.ts), with the text it read of each; absent when none. */
  readonly imports?: readonly ImportedFile[];
  /** The layer calls of imported modules' code that the file's calls ran (a helper file's hints come from them); absent when none. */
  readonly importedCalls?: readonly ImportedLayerCall[];
}

/**
 * A layer call in an imported module's code, made when the analysed file
 * called that code: its range and hint offset are in the module's text (the
 * version in `imports`), its outcomes those of the file's calls.
 */
export interface ImportedLayerCall extends LayerCall {
  /** The module's file. */
  readonly path: string;
  /** The analysed file's calls (or statements) that ran it. */
  readonly sites: readonly TextRange[];
}

/** A workspace module an analysis read. */
export interface ImportedFile {
  readonly path: string;
  readonly text: string;
}

export interface AnalysisConfig {
  readonly engine: EngineConfig;
  /** Maximum interpretation steps for one file. */
  readonly stepBudget: number;
  /** Maximum depth of user function calls. */
  readonly maxCallDepth: number;
  /**
   * Wall-clock limit in milliseconds, on top of the step budget, for the
   * editor (a keystroke must never wait seconds). Unset in batch use, where
   * the step budget alone keeps results reproducible.
   */
  readonly timeBudgetMs?: number;
  /**
   * Which Keras the code is written for ('3' when unset): old spellings are
   * read the old way under '1', '2' and 'tf.keras2', and reported with the
   * Keras 3 spelling under '3'.
   */
  readonly kerasVersion?: KerasVersion;
}

export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = {
  engine: { imageDataFormat: 'channels_last' },
  stepBudget: 2_000_000,
  maxCallDepth: 60,
};
