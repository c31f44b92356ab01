// How `keras-shapes check` reports diagnostics: text with a source snippet
// (like rustc and ruff), JSON, SARIF 2.1.0 for code-scanning services, and
// GitHub Actions workflow commands.
//
//   shape_bug.py:18:10: error[incompatible-shapes]: A `Concatenate` layer requires ...
//      |
//   18 | merged = layers.Concatenate()([x, m])
//      |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//      = help: Make the shapes equal (or broadcastable) except on the concatenation axis.
//
// When the analysis knows the check that failed, the help says why it fails
// and what to do with the user's numbers (ide/teach.ts) instead.
//
// In Chinese the text format heads each diagnostic with the explanation of its
// code, keeps Keras's English message below it, and translates the help and
// the tally; JSON, SARIF and GitHub output stay in English for machines.
// In a notebook, places are in a cell: `nb.ipynb:cell 3:12:5:` in text, a
// `cell` field in JSON, a logical location and cell-relative region in
// SARIF; a GitHub annotation is on the line of the .ipynb file that holds
// the code, its title naming the cell and the line in it.
import type { Diagnostic, Severity } from '../analysis';
import type { Teaching } from '../engine';
import { teachings } from '../ide/teach';
import { allCodeDocs, codeDocUrl } from '../ide/diagnostics';
import { diagnosticMessage, msg, msgCount, translatedCodeDoc, type Locale } from '../ide/messages';
import { LineIndex } from '../ide/positions';
import { displayWidth } from '../ide/summaryTable';
import type { Style } from './terminal';

/** One diagnostic placed in a file; lines and columns 1-based, columns in UTF-16 code units, end exclusive. */
export interface FileDiagnostic {
  readonly file: string;
  /** In a notebook, the cell (1-based, every cell counted); lines and columns are then in the cell. */
  readonly cell?: number;
  /** In a notebook, where the start is written in the .ipynb file itself (1-based), when known. */
  readonly fileLine?: number;
  readonly fileColumn?: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** The text of the first line of the range, for the snippet. */
  readonly sourceLine: string;
  /** What Keras checked, with the numbers: the help then says why it fails and what to do with them. */
  readonly teach?: Teaching;
  /** Quick fixes, when certain: each a title and replacements (lines and columns as above). */
  readonly fixes?: readonly PlacedFix[];
}

export interface PlacedFix {
  readonly title: string;
  readonly edits: readonly { readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number; readonly newText: string }[];
}

export function placeDiagnostics(file: string, index: LineIndex, diagnostics: readonly Diagnostic[]): FileDiagnostic[] {
  const place = (start: number, end: number) => {
    const s = index.position(start);
    const e = index.position(Math.max(start, end));
    return { line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1 };
  };
  return diagnostics.map((d) => {
    const start = index.position(d.range.start);
    const end = index.position(Math.max(d.range.start, d.range.end));
    const fixes = d.fixes?.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ ...place(e.range.start, e.range.end), newText: e.newText })) }));
    return {
      ...(fixes !== undefined && fixes.length > 0 ? { fixes } : {}),
      file,
      line: start.line + 1,
      column: start.column + 1,
      endLine: end.line + 1,
      endColumn: end.column + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      sourceLine: index.lineText(start.line),
      ...(d.teach === undefined ? {} : { teach: d.teach }),
    };
  });
}

const TAB = '    ';

/** The diagnostic as text: a header line, the source line and a caret line under the range. */
export function renderDiagnosticText(d: FileDiagnostic, style: Style, locale: Locale = 'en'): string {
  const message = diagnosticMessage(locale, d.code, d.message);
  const severityStyle = d.severity === 'error' ? style.red : d.severity === 'warning' ? style.yellow : style.cyan;
  const header =
    `${style.bold(`${d.file}${d.cell === undefined ? '' : `:cell ${d.cell}`}:${d.line}:${d.column}:`)} ` +
    `${severityStyle(`${d.severity}[${d.code}]`)}: ${style.bold(firstLine(message))}`;
  const lineNumber = String(d.line);
  const gutter = ' '.repeat(lineNumber.length);
  const bar = style.blue('|');
  const text = d.sourceLine;
  const startColumn = Math.min(d.column - 1, text.length);
  const endColumn = d.endLine === d.line ? Math.min(d.endColumn - 1, text.length) : text.length;
  const shown = (s: string) => s.replace(/\t/g, TAB);
  const before = displayWidth(shown(text.slice(0, startColumn)));
  const width = Math.max(1, displayWidth(shown(text.slice(startColumn, Math.max(startColumn, endColumn)))));
  const out = [
    header,
    ...restLines(message).map((l) => `${gutter} ${bar} ${l}`),
    `${gutter} ${bar}`,
    `${style.blue(lineNumber)} ${bar} ${shown(text).trimEnd()}`,
    `${gutter} ${bar} ${' '.repeat(before)}${severityStyle('^'.repeat(width))}`,
  ];
  const help = d.teach === undefined ? helpFor(d.code, locale) : taughtHelp(d, locale);
  if (help) out.push(`${gutter} ${style.blue('=')} ${style.bold(msg(locale, 'diagnostic.help'))}: ${help}`);
  for (const f of d.fixes ?? []) out.push(`${gutter} ${style.blue('=')} ${style.bold(msg(locale, 'diagnostic.suggestion'))}: ${f.title}`);
  return out.join('\n') + '\n';
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function restLines(message: string): string[] {
  return message.split('\n').slice(1);
}

const CODE_DOCS = new Map(allCodeDocs());

/** Why it fails and what to do, with the user's numbers (ide/teach.ts). */
function taughtHelp(d: FileDiagnostic, locale: Locale): string {
  const t = teachings(d, '', locale);
  // Chinese sentences end with their own full stop and take no space between them.
  return t.why === undefined ? t.fix : `${t.why}${locale === 'zh-cn' ? '' : ' '}${t.fix}`;
}

function helpFor(code: string, locale: Locale): string | undefined {
  return (translatedCodeDoc(locale, code) ?? CODE_DOCS.get(code))?.fix;
}

export interface Tally {
  readonly errors: number;
  readonly warnings: number;
  readonly filesWithErrors: number;
  readonly filesChecked: number;
  readonly filesSkipped: number;
}

export function tally(diagnostics: readonly FileDiagnostic[], filesChecked: number, filesSkipped: number): Tally {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return {
    errors: errors.length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    filesWithErrors: new Set(errors.map((d) => d.file)).size,
    filesChecked,
    filesSkipped,
  };
}

/** "Found 2 errors in 1 file (12 files checked)" or "No shape errors in 12 files". */
export function renderTally(t: Tally, locale: Locale = 'en'): string {
  const files = (n: number) => msgCount(locale, 'count.file', n);
  const extras: string[] = [];
  if (t.warnings > 0) extras.push(msgCount(locale, 'count.warning', t.warnings));
  if (t.filesSkipped > 0) extras.push(msg(locale, 'tally.skipped', { files: files(t.filesSkipped) }));
  const separator = msg(locale, 'list.separator');
  if (t.errors > 0) {
    const checked = msg(locale, 'tally.checked', { files: files(t.filesChecked) });
    return msg(locale, 'tally.found', { errors: msgCount(locale, 'count.error', t.errors), files: files(t.filesWithErrors), details: [checked, ...extras].join(separator) });
  }
  if (extras.length === 0) return msg(locale, 'tally.clean', { files: files(t.filesChecked) });
  return msg(locale, 'tally.cleanWith', { files: files(t.filesChecked), details: extras.join(separator) });
}

export function renderJson(diagnostics: readonly FileDiagnostic[], t: Tally, kerasVersions?: readonly object[]): string {
  const body = {
    ...(kerasVersions === undefined ? {} : { keras_versions: kerasVersions }),
    files_checked: t.filesChecked,
    files_skipped: t.filesSkipped,
    errors: t.errors,
    warnings: t.warnings,
    diagnostics: diagnostics.map((d) => ({
      file: d.file,
      cell: d.cell,
      line: d.line,
      column: d.column,
      end_line: d.endLine,
      end_column: d.endColumn,
      severity: d.severity,
      code: d.code,
      message: d.message,
      fixes: d.fixes?.map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => ({ line: e.line, column: e.column, end_line: e.endLine, end_column: e.endColumn, new_text: e.newText })),
      })),
    })),
  };
  return prettyJson(body) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function fileUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** A SARIF 2.1.0 log with one run: the rules are every diagnostic code with its doc. */
export function renderSarif(diagnostics: readonly FileDiagnostic[], version: string, cwd: string): string {
  const docs = allCodeDocs();
  const ruleIndex = new Map(docs.map(([code], i) => [code, i]));
  const rules = docs.map(([code, doc]) => ({
    id: code,
    name: code
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: doc.summary },
    fullDescription: { text: doc.summary },
    help: { text: doc.fix },
    helpUri: codeDocUrl(code),
    defaultConfiguration: { level: 'error' },
  }));
  const cwdUri = 'file://' + fileUri(cwd.endsWith('/') ? cwd : cwd + '/');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keras-shapes',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/keras-shapes/keras-shapes',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri } },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => ({
          ...(d.fixes !== undefined && d.fixes.length > 0 ? { fixes: d.fixes.map((f) => sarifFix(f, artifactLocation(d.file))) } : {}),
          ruleId: d.code,
          ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(d.file),
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  endLine: d.endLine,
                  endColumn: d.endColumn,
                },
              },
              // In a notebook the region is in the cell, named here.
              ...(d.cell === undefined
                ? {}
                : {
                    logicalLocations: [{ name: `cell ${d.cell}`, fullyQualifiedName: `${d.file}:cell ${d.cell}`, kind: 'notebookCell' }],
                    properties: { cell: d.cell, regionRelativeTo: 'cell' },
                  }),
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  return file.startsWith('/') ? { uri: 'file://' + fileUri(file) } : { uri: fileUri(file), uriBaseId: '%SRCROOT%' };
}

/** A SARIF 2.1.0 `fix`: one artifact change whose replacements are the edits. */
function sarifFix(f: PlacedFix, location: { uri: string; uriBaseId?: string }): object {
  return {
    description: { text: f.title },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: f.edits.map((e) => ({
          deletedRegion: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn },
          insertedContent: { text: e.newText },
        })),
      },
    ],
  };
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A GitHub Actions workflow command, shown as an annotation on the pull request. */
export function renderGithub(d: FileDiagnostic): string {
  const file = `file=${escapeProperty(d.file.split('\\').join('/'))}`;
  // Lines of a notebook's cell are not lines of its file: the annotation is on the line of the file
  // that holds the code (or on the file), its title says where in the cell.
  const title = (where: string) => `title=${escapeProperty(`keras-shapes [${d.code}]${where}`)}`;
  const properties =
    d.cell === undefined
      ? [file, `line=${d.line}`, `col=${d.column}`, `endLine=${d.endLine}`, `endColumn=${d.endColumn}`, title('')]
      : [
          file,
          ...(d.fileLine === undefined ? [] : [`line=${d.fileLine}`, `col=${d.fileColumn ?? 1}`]),
          title(` cell ${d.cell}, line ${d.line}, column ${d.column}`),
        ];
  return `::${GITHUB_COMMAND[d.severity]} ${properties.join(',')}::${escapeData(d.message)}\n`;
}

/**
 * JSON indented by two spaces, except arrays without objects inside, which
 * stay on one line so that shapes read as shapes: `"output_shapes": [[null, 61, 61, 24]]`.
 */
export function prettyJson(value: unknown, indent = ''): string {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (!containsObject(value)) return compactJson(value);
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + prettyJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function containsObject(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsObject);
  return value !== null && typeof value === 'object';
}

function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  return JSON.stringify(value) ?? 'null';
}
