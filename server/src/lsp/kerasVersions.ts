// The Keras version in effect for each document: the `kerasShapes.kerasVersion`
// setting, or under `auto` the version the nearest manifest pins, from the
// document's folder up to its workspace folder (../analysis/kerasVersion.ts),
// else Keras 3. Manifests are re-read when the client reports one changed.
//
//   kerasShapes/kerasVersion  {uri} → KerasVersionView   request (the status bar asks for the active document)
//   kerasShapes/kerasVersion  KerasVersionView           notification, when a document's version or its reason changes
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NotificationType, RequestType } from 'vscode-languageserver';
import { chooseKerasVersion, isKerasManifest, nodeManifestReader, type KerasVersionChoice, type ManifestReader } from '../analysis/kerasVersion';
import type { KerasVersion } from '../engine';
import { describeKerasVersion, kerasVersionLabel } from '../ide/kerasVersion';
import type { Locale } from '../ide/messages';

/** What the client shows: the version, a short label, and why (in the views' language). */
export interface KerasVersionView {
  readonly uri: string;
  readonly version: KerasVersion;
  /** `tf.keras 2`, `Keras 3`, … */
  readonly label: string;
  /** `setting`, `manifest` or `default`. */
  readonly source: 'setting' | 'manifest' | 'default';
  /** The deciding manifest (a file URI) and line (1-based), for `manifest`. */
  readonly manifest?: string;
  readonly line?: number;
  /** "tf.keras 2, from requirements.txt line 2: tensorflow<2.16". */
  readonly description: string;
}

export const KerasVersionRequest = new RequestType<{ readonly uri: string }, KerasVersionView, void>('kerasShapes/kerasVersion');
export const KerasVersionNotification = new NotificationType<KerasVersionView>('kerasShapes/kerasVersion');

/** The glob the server asks the client to watch. */
export const MANIFEST_GLOB = '**/{requirements*.txt,pyproject.toml,setup.py,setup.cfg,environment.yml,environment.yaml,Pipfile}';

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).split(path.sep).join('/');
  } catch {
    return undefined;
  }
}

export class KerasVersions {
  private folders: string[] = [];
  /** Found versions by document path (a manifest change clears them all). */
  private readonly found = new Map<string, KerasVersionChoice>();

  constructor(private readonly reader: ManifestReader = nodeManifestReader) {}

  /** The workspace folders (URIs); a document outside them is matched with its own folder's manifests only. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.map(filePath).filter((p): p is string => p !== undefined).map((p) => p.replace(/\/+$/, ''));
    this.found.clear();
  }

  /** Whether a changed file (URI) is a manifest: then every document's version is read again. */
  changed(uris: readonly string[]): boolean {
    const any = uris.some((u) => isKerasManifest(u.replace(/^.*\//, '')));
    if (any) this.found.clear();
    return any;
  }

  /** The version in effect for a document under the setting. */
  choose(uri: string, setting: KerasVersion | 'auto'): KerasVersionChoice {
    if (setting !== 'auto') return { version: setting, source: 'given' };
    const file = filePath(uri);
    if (file === undefined) return chooseKerasVersion(undefined, undefined, undefined, this.reader);
    let choice = this.found.get(file);
    if (!choice) {
      const root = this.folders.filter((f) => file.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
      choice = chooseKerasVersion(undefined, file, root, this.reader);
      this.found.set(file, choice);
    }
    return choice;
  }

  /** What the client shows for a document. */
  view(uri: string, choice: KerasVersionChoice, locale: Locale): KerasVersionView {
    const label = kerasVersionLabel(choice.version);
    if (choice.source === 'manifest') {
      const folder = this.folders.filter((f) => choice.file.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
      const shown = folder === undefined ? choice.file : choice.file.slice(folder.length + 1);
      const manifest = pathToFileURL(choice.file).href;
      return { uri, version: choice.version, label, source: 'manifest', manifest, line: choice.line, description: describeKerasVersion(choice, locale, 'setting', shown) };
    }
    return { uri, version: choice.version, label, source: choice.source === 'given' ? 'setting' : 'default', description: describeKerasVersion(choice, locale, 'setting') };
  }
}
