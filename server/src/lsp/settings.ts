// The `kerasShapes.*` settings as the server uses them, read defensively from
// whatever the client sends (workspace/configuration or didChangeConfiguration).
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from '../analysis';
import { DEFAULT_KERAS_VERSION, parseKerasVersion, type KerasVersion } from '../engine';
import type { BatchDimStyle, HintOptions } from '../ide/inlayHints';
import type { Locale } from '../ide/messages';

export interface Settings {
  readonly inlayHintsEnabled: boolean;
  readonly showParams: boolean;
  /** Hints show the shape alone. */
  readonly compactHints: boolean;
  /** The views' language: the editor's (`auto`) or a fixed one. */
  readonly locale: 'auto' | Locale;
  readonly batchDim: BatchDimStyle;
  readonly imageDataFormat: 'channels_last' | 'channels_first';
  /**
   * The Keras the code is written for (`kerasShapes.kerasVersion`); `auto`
   * (the default): the version the nearest manifest pins (./kerasVersions.ts).
   */
  readonly kerasVersion: KerasVersion | 'auto';
  /** Interpretation steps per file. */
  readonly analysisBudget: number;
}

export const DEFAULT_SETTINGS: Settings = {
  inlayHintsEnabled: true,
  showParams: true,
  compactHints: false,
  locale: 'auto',
  batchDim: 'None',
  imageDataFormat: 'channels_last',
  kerasVersion: 'auto',
  analysisBudget: DEFAULT_ANALYSIS_CONFIG.stepBudget,
};

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** Settings from the `kerasShapes` section; accepts nested (`inlayHints: {enabled}`) and dotted (`'inlayHints.enabled'`) keys. */
export function parseSettings(section: unknown): Settings {
  const raw = record(section);
  const hints = record(raw.inlayHints);
  const pick = (nested: unknown, dotted: string): unknown => (nested !== undefined ? nested : raw[dotted]);
  const enabled = pick(hints.enabled, 'inlayHints.enabled');
  const showParams = pick(hints.showParams, 'inlayHints.showParams');
  const compact = pick(hints.compact, 'inlayHints.compact');
  const locale = raw.locale;
  const batchDim = raw.batchDim;
  const format = raw.imageDataFormat;
  const budget = raw.analysisBudget;
  const version = raw.kerasVersion === 'auto' ? 'auto' : typeof raw.kerasVersion === 'string' ? parseKerasVersion(raw.kerasVersion) : typeof raw.kerasVersion === 'number' ? parseKerasVersion(String(raw.kerasVersion)) : undefined;
  return {
    inlayHintsEnabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.inlayHintsEnabled,
    showParams: typeof showParams === 'boolean' ? showParams : DEFAULT_SETTINGS.showParams,
    compactHints: typeof compact === 'boolean' ? compact : DEFAULT_SETTINGS.compactHints,
    locale: locale === 'auto' || locale === 'en' || locale === 'zh-cn' ? locale : DEFAULT_SETTINGS.locale,
    batchDim: batchDim === 'None' || batchDim === 'hide' || batchDim === '?' ? batchDim : DEFAULT_SETTINGS.batchDim,
    imageDataFormat: format === 'channels_first' || format === 'channels_last' ? format : DEFAULT_SETTINGS.imageDataFormat,
    kerasVersion: version ?? DEFAULT_SETTINGS.kerasVersion,
    analysisBudget:
      typeof budget === 'number' && Number.isFinite(budget) && budget >= 1000 ? Math.floor(budget) : DEFAULT_SETTINGS.analysisBudget,
  };
}

/** Wall-clock limit of one analysis in the editor. */
export const EDITOR_TIME_BUDGET_MS = 1500;

const configs = new WeakMap<Settings, AnalysisConfig>();

/** The analysis configuration of some settings: the same object for the same settings (engine results are remembered per configuration). */
export function analysisConfig(s: Settings): AnalysisConfig {
  let config = configs.get(s);
  if (!config) {
    config = {
      ...DEFAULT_ANALYSIS_CONFIG,
      engine: { ...DEFAULT_ANALYSIS_CONFIG.engine, imageDataFormat: s.imageDataFormat },
      stepBudget: s.analysisBudget,
      kerasVersion: s.kerasVersion === 'auto' ? DEFAULT_KERAS_VERSION : s.kerasVersion,
      // In the editor a runaway loop must not hold up the next keystroke.
      timeBudgetMs: EDITOR_TIME_BUDGET_MS,
    };
    configs.set(s, config);
  }
  return config;
}

const withVersions = new WeakMap<Settings, Map<KerasVersion, Settings>>();

/** Settings with the Keras version in effect for a document: the same object each time for the same settings and version. */
export function withKerasVersion(s: Settings, version: KerasVersion): Settings {
  if (s.kerasVersion === version) return s;
  let byVersion = withVersions.get(s);
  if (!byVersion) withVersions.set(s, (byVersion = new Map()));
  let out = byVersion.get(version);
  if (!out) byVersion.set(version, (out = { ...s, kerasVersion: version }));
  return out;
}

/** Settings that change the analysis itself (not only how it is shown). */
export function analysisKey(s: Settings): string {
  return `${s.imageDataFormat}/${s.kerasVersion}/${s.analysisBudget}`;
}

/** The views' language: the setting, or with `auto` the editor's (from `initialize`). */
export function viewLocale(s: Settings, editorLocale: Locale): Locale {
  return s.locale === 'auto' ? editorLocale : s.locale;
}

export function hintOptions(s: Settings, locale: Locale = 'en'): HintOptions {
  return { showParams: s.showParams, batchDim: s.batchDim, compact: s.compactHints, locale };
}
