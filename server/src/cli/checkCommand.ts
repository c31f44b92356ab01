// `keras-shapes check [PATH...]`: every Python file and Jupyter notebook under
// the paths (default `.`), each shape diagnostic reported in the chosen
// format, then a tally. A notebook that cannot be read as one is an error.
// Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.
// The text format is in the language of the environment (cli/locale.ts).
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Locale } from '../ide/messages';
import { choice, parseArgs, UsageError } from './args';
import { discoverPythonFiles, displayPath } from './files';
import { CliModules, IMPORT_OPTIONS_HELP } from './imports';
import { langOption } from './locale';
import { programOf } from './programs';
import {
  renderDiagnosticText,
  renderGithub,
  renderJson,
  renderSarif,
  renderTally,
  tally,
  type FileDiagnostic,
} from './report';
import type { KerasVersionChoice } from '../analysis/kerasVersion';
import { describeKerasVersion } from '../ide/kerasVersion';
import { msg } from '../ide/messages';
import { analyzeSource, choiceJson, configForChoice, kerasVersionChoice, kerasVersionOption, readSourceFile } from './source';
import { styleFor } from './terminal';

export const CHECK_HELP = `Usage: keras-shapes check [options] [PATH...]

Reports shape errors in Python files and Jupyter notebooks without running
them. PATH is a file or a folder (default: the current folder). Folders are
searched for *.py and *.ipynb files, skipping hidden folders, node_modules,
virtual environments and what .gitignore files ignore. A notebook's code
cells are checked as one program, in order; places in it read
nb.ipynb:cell 3:12:5 (cell, then line and column in the cell). Imports of
the workspace's own modules are read (never run) to know what they define.

Options:
  --format FORMAT  text (default), json, sarif (SARIF 2.1.0) or github
                   (GitHub Actions annotations)
  --exit-zero      exit with status 0 even when errors are found (a report
                   or a demo, not a gate); bad usage still exits with 2
  --keras-version V  the Keras the code is written for: 3 (default), 2, 1 or
                   tf.keras2; old spellings are read the old way under 1, 2
                   and tf.keras2, and reported with their fix under 3
                   (default: what the nearest requirements*.txt,
                   pyproject.toml, setup.py, setup.cfg, environment.yml or
                   Pipfile pins: keras<2.4 -> 2, keras<3 or tensorflow<2.16
                   -> tf.keras2; else 3)
  --lang LANG      the language of the text report: en or zh-CN (default:
                   from LC_ALL, LC_MESSAGES or LANG)
${IMPORT_OPTIONS_HELP}  -h, --help       show this help

Exit status: 0 when there is no error, 1 when there are errors, 2 on bad
usage, a path that cannot be read, or an .ipynb file that is not a notebook
(not JSON, or not nbformat 4).
`;

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export interface CommandContext {
  readonly cwd: string;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly version: string;
  readonly loadParser: () => Promise<Parser>;
  /** The language of text output; unset, the environment's (LC_ALL, LC_MESSAGES, LANG). */
  readonly locale?: Locale;
}

const PROGRESS_DELAY_MS = 1000;

export async function runCheck(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { options, positionals } = parseArgs(argv, { format: 'value', 'exit-zero': 'flag', lang: 'value', help: 'flag', 'keras-version': 'value', root: 'value', path: 'value' }, { h: 'help' });
  const locale = langOption(options.lang, ctx.locale);
  if (options.help) {
    ctx.stdout.write(CHECK_HELP);
    return 0;
  }
  const versionOption = kerasVersionOption(options['keras-version']);
  const format = choice('format', options.format, FORMATS, 'text');
  const paths = positionals.length > 0 ? positionals : ['.'];
  const errStyle = styleFor(ctx.stderr);
  const outStyle = format === 'text' ? styleFor(ctx.stdout) : styleFor(ctx.stderr);

  const discovery = discoverPythonFiles(paths, ctx.cwd);
  if (discovery.missing.length > 0) {
    for (const p of discovery.missing) {
      ctx.stderr.write(`${errStyle.red('error')}: ${p}: no such file or directory\n`);
    }
    return 2;
  }
  let unreadable = discovery.problems.length > 0;
  for (const p of discovery.problems) ctx.stderr.write(`${errStyle.red('error')}: ${p.path}: ${p.reason}\n`);

  const parser = await ctx.loadParser();
  const modules = new CliModules(ctx.cwd, parser, options);
  const givenPaths = paths.map((p) => path.resolve(ctx.cwd, p));
  /** The path given on the command line that `file` was found under. */
  const givenOf = (file: string): string =>
    givenPaths.find((g) => {
      const rel = path.relative(g, file);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    }) ?? file;
  const started = Date.now();
  const progress = ctx.stderr.isTTY === true;
  let progressShown = false;
  const all: FileDiagnostic[] = [];
  const versions: { readonly file: string; readonly version: KerasVersionChoice }[] = [];
  let checked = 0;
  let skipped = 0;
  discovery.files.forEach((file, i) => {
    if (progress && Date.now() - started > PROGRESS_DELAY_MS) {
      ctx.stderr.write(`\r\x1b[KChecking ${i + 1}/${discovery.files.length}: ${displayPath(file, ctx.cwd)}`);
      progressShown = true;
    }
    const shown = displayPath(file, ctx.cwd);
    const source = readSourceFile(file);
    if (source.kind !== 'text') {
      if (progressShown) ctx.stderr.write('\r\x1b[K');
      if (source.kind === 'unreadable') {
        unreadable = true;
        ctx.stderr.write(`${errStyle.red('error')}: ${shown}: ${source.reason}\n`);
      } else {
        skipped++;
        ctx.stderr.write(`${errStyle.yellow('warning')}: skipped ${shown}: ${source.reason}\n`);
      }
      return;
    }
    const prepared = programOf(file, source.text);
    if (prepared.kind !== 'program') {
      if (progressShown) ctx.stderr.write('\r\x1b[K');
      if (prepared.kind === 'invalid') {
        unreadable = true;
        ctx.stderr.write(`${errStyle.red('error')}: ${shown}: ${prepared.reason}\n`);
      } else {
        skipped++;
        ctx.stderr.write(`${errStyle.yellow('warning')}: skipped ${shown}: ${prepared.reason}\n`);
      }
      return;
    }
    const version = kerasVersionChoice(versionOption, file);
    versions.push({ file: shown, version });
    const analysis = analyzeSource(parser, prepared.program.text, configForChoice(version), modules.contextFor(file, givenOf(file)));
    if (!analysis.ok) {
      skipped++;
      if (progressShown) ctx.stderr.write('\r\x1b[K');
      ctx.stderr.write(`${errStyle.yellow('warning')}: skipped ${shown}: ${analysis.reason}\n`);
      return;
    }
    checked++;
    all.push(...prepared.program.placeDiagnostics(shown, analysis.result.diagnostics));
  });
  if (progressShown) ctx.stderr.write('\r\x1b[K');

  const t = tally(all, checked, skipped);
  switch (format) {
    case 'text': {
      // Versions read from manifests, once each (a given or default version goes without saying).
      const said = new Set<string>();
      for (const { version } of versions) {
        if (version.source !== 'manifest') continue;
        const line = msg(locale, 'kerasVersion.inEffect', { reason: describeKerasVersion(version, locale, 'option', displayPath(version.file, ctx.cwd)) });
        if (!said.has(line)) ctx.stdout.write(`${line}\n`);
        said.add(line);
      }
      ctx.stdout.write(all.map((d) => renderDiagnosticText(d, outStyle, locale)).join('\n'));
      if (all.length > 0) ctx.stdout.write('\n');
      ctx.stdout.write((t.errors > 0 ? outStyle.red : outStyle.green)(renderTally(t, locale)) + '\n');
      break;
    }
    case 'json':
      ctx.stdout.write(renderJson(all, t, versions.map(({ file, version }) => ({ file, ...choiceJson(version, (f) => displayPath(f, ctx.cwd)) }))));
      break;
    case 'sarif':
      ctx.stdout.write(renderSarif(all, ctx.version, ctx.cwd));
      break;
    case 'github':
      for (const d of all) ctx.stdout.write(renderGithub(d));
      ctx.stdout.write(renderTally(t) + '\n');
      break;
  }
  if (unreadable) return 2;
  return t.errors > 0 && !options['exit-zero'] ? 1 : 0;
}

export { UsageError };
