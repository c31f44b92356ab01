// The `kerasShapes/graph` request: the graphs of a document's models (see
// ../ide/graph.ts) with their layout computed here, so the editor's webview
// only draws. Shapes and parameter counts are always in the boxes; nested
// models are single boxes that carry their own graph, or frames holding their
// layers with `expandNested`. For a notebook (or one of its cells) the graphs
// are of the notebook's program, each line given in its cell (`cell`, 1-based).
//
//   kerasShapes/graph {uri, rankdir?, expandNested?, expand?} → {uri, version, models: [ModelGraph & {layout}]}
//
// `expand` names the nested models to draw as frames when not all are (their
// ids in the layout, as a click on a collapsed box sends them).
import { RequestType, type Connection, type ResponseError } from 'vscode-languageserver';
import { buildGraph, type GraphPlace, type ModelGraph } from '../ide/graph';
import { layoutModel, type ModelLayout, type RankDir } from '../ide/graphLayout';
import type { Snapshot } from './documents';

export interface GraphParams {
  readonly uri: string;
  readonly rankdir?: RankDir;
  readonly expandNested?: boolean;
  /** Nested models (layout ids) drawn as frames of their layers; all of them with `expandNested`. */
  readonly expand?: readonly string[];
}

export interface GraphResponse {
  readonly uri: string;
  /** The document version the graphs were computed for. */
  readonly version: number;
  readonly models: (ModelGraph & { readonly layout: ModelLayout })[];
}

export const GraphRequest = new RequestType<GraphParams, GraphResponse, void>('kerasShapes/graph');

type Guard = <P, R>(name: string, handler: (params: P) => R | Promise<R>) => (params: P) => Promise<R | ResponseError<void>>;

/** The last answers per analysis: the webview asks again for the same version (a reload, a tab shown again). */
const answered = new WeakMap<Snapshot['result'], Map<string, GraphResponse>>();

/** An analysis to draw, and for a notebook where its offsets are in the cells. */
export interface GraphSource {
  readonly snapshot: Snapshot;
  readonly place?: GraphPlace;
}

export function graphResponse(snapshot: Snapshot, rankdir: RankDir = 'TB', expandNested = false, place?: GraphPlace, expand: readonly string[] = []): GraphResponse {
  const only = expandNested ? [] : [...new Set(expand)].sort();
  const key = `${rankdir} ${expandNested} ${JSON.stringify(only)}`;
  const cached = answered.get(snapshot.result)?.get(key);
  if (cached && cached.uri === snapshot.uri && cached.version === snapshot.version) return cached;
  const response = computeGraph(snapshot, rankdir, expandNested, place, new Set(only));
  const byOptions = answered.get(snapshot.result) ?? new Map<string, GraphResponse>();
  byOptions.set(key, response);
  answered.set(snapshot.result, byOptions);
  return response;
}

function computeGraph(snapshot: Snapshot, rankdir: RankDir, expandNested: boolean, place: GraphPlace | undefined, expand: ReadonlySet<string>): GraphResponse {
  const models = buildGraph(snapshot.result, snapshot.text, place).models.map((model) => ({
    ...model,
    layout: layoutModel(model, { rankdir, showShapes: true, showParams: true, expandNested, expand }),
  }));
  return { uri: snapshot.uri, version: snapshot.version, models };
}

/** Answers kerasShapes/graph from the newest analysis of the document (`latest`). */
export function registerGraphRequest(connection: Connection, latest: (uri: string) => Promise<GraphSource | undefined>, guard: Guard): void {
  connection.onRequest(
    GraphRequest,
    guard('graph', async (params: GraphParams) => {
      const source = await latest(params.uri);
      if (!source) throw new Error(`${params.uri} is not open`);
      const expand = Array.isArray(params.expand) ? params.expand.filter((id): id is string => typeof id === 'string') : [];
      return graphResponse(source.snapshot, params.rankdir === 'LR' ? 'LR' : 'TB', params.expandNested === true, source.place, expand);
    }),
  );
}
