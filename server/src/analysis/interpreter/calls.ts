// Calls of Python functions: arguments collected from the call site
// (splats included), bound to the parameters as Python binds them, the body
// run in a new scope under the call-depth limit.
//
//   def block(x, filters=32, *rest, **options)
import { Call, DefaultParameter, FunctionDefinition, KeywordArgument, Lambda } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import { PyDict, PyTuple, UNKNOWN, whyOf, type CallSiteArgs, type PyClass, type PyFunction, type Scope, type Value } from '../values';
import type { Evaluator } from './evaluator';
import { evaluate } from './expressions';
import { body, execBlock } from './statements';
import { runFunctionBody } from './branches';

/** The keywords of a call that passes none. */
export const NO_KEYWORDS: ReadonlyMap<string, Value> = new Map();

export function collectArgs(ev: Evaluator, node: SyntaxNode, scope: Scope): CallSiteArgs {
  const argsNode = Call.arguments(node);
  const positional: Value[] = [];
  // Most calls pass no keywords: they share one empty map (call arguments are never changed).
  let keywords: Map<string, Value> | null = null;
  if (argsNode?.type === 'generator_expression') {
    positional.push(evaluate(ev, argsNode, scope));
    return { positional, keywords: NO_KEYWORDS, node };
  }
  let unknownSplat: string | undefined;
  const splatWhy = (v: Value, a: SyntaxNode): string => whyOf(v) || `the arguments \`${a.text.length > 40 ? `${a.text.slice(0, 37)}…` : a.text}\` on line ${ev.lineOf(a)} are not known`;
  for (const a of argsNode?.namedChildren ?? []) {
    if (a.type === 'keyword_argument') {
      const v = KeywordArgument.value(a);
      (keywords ??= new Map()).set(KeywordArgument.name(a), v ? evaluate(ev, v, scope) : UNKNOWN);
    } else if (a.type === 'list_splat') {
      const v = evaluate(ev, a.namedChildren[0], scope);
      const items = ev.iterate(v);
      if (items) positional.push(...items);
      else {
        positional.push(UNKNOWN);
        unknownSplat ??= splatWhy(v, a);
      }
    } else if (a.type === 'dictionary_splat') {
      const v = evaluate(ev, a.namedChildren[0], scope);
      if (v instanceof PyDict) {
        for (const [k, val] of v.map.values()) if (typeof k === 'string') (keywords ??= new Map()).set(k, val);
      } else unknownSplat ??= splatWhy(v, a);
    } else if (a.type !== 'comment') positional.push(evaluate(ev, a, scope));
  }
  return unknownSplat === undefined ? { positional, keywords: keywords ?? NO_KEYWORDS, node } : { positional, keywords: keywords ?? NO_KEYWORDS, node, unknownSplat };
}

/** The scope of a call of `fn`: its parameters bound to `args` (and `__class__` to the method's class, for `super()`). */
export function bindArguments(fn: PyFunction, args: CallSiteArgs, ownerClass: PyClass | undefined): Scope {
  const local: Scope = { vars: new Map(), parent: fn.closure };
  if (ownerClass) local.vars.set('__class__', ownerClass);
  // function_definition and lambda both name them `parameters`.
  const params = FunctionDefinition.parameters(fn.node);
  // Arguments are taken in order (`next`) and keywords by name (`consumed` lists those taken).
  const positional = args.positional;
  let next = 0;
  const keywords = args.keywords;
  let consumed: string[] | null = null;
  const byName = (name: string): Value | undefined => {
    if (!keywords.has(name) || consumed?.includes(name)) return undefined;
    (consumed ??= []).push(name);
    return keywords.get(name);
  };
  const restPositional = (): PyTuple => {
    const rest = new PyTuple(positional.slice(next));
    next = positional.length;
    return rest;
  };
  const restKeywords = (): PyDict => {
    const d = new PyDict();
    for (const [k, v] of keywords) if (!consumed?.includes(k)) d.map.set(`s:${k}`, [k, v]);
    consumed = [...keywords.keys()];
    return d;
  };
  let keywordOnly = false;
  for (const p of params?.namedChildren ?? []) {
    switch (p.type) {
      case 'identifier':
      case 'typed_parameter': {
        const name = p.type === 'identifier' ? p.text : (p.namedChildren.find((c) => c.type === 'identifier')?.text ?? '');
        if (p.type === 'typed_parameter' && p.namedChildren[0]?.type === 'list_splat_pattern') {
          local.vars.set(p.namedChildren[0].namedChildren[0]?.text ?? '', restPositional());
          keywordOnly = true;
          break;
        }
        if (p.type === 'typed_parameter' && p.namedChildren[0]?.type === 'dictionary_splat_pattern') {
          local.vars.set(p.namedChildren[0].namedChildren[0]?.text ?? '', restKeywords());
          break;
        }
        if (!keywordOnly && next < positional.length) local.vars.set(name, positional[next++]);
        else {
          const v = byName(name);
          local.vars.set(name, v !== undefined ? v : UNKNOWN);
        }
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = DefaultParameter.name(p);
        if (!keywordOnly && next < positional.length) local.vars.set(name, positional[next++]);
        else {
          const v = byName(name);
          local.vars.set(name, v !== undefined ? v : fn.defaults.has(name) ? (fn.defaults.get(name) as Value) : UNKNOWN);
        }
        break;
      }
      case 'list_splat_pattern':
        local.vars.set(p.namedChildren[0]?.text ?? '', restPositional());
        keywordOnly = true;
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
      case 'dictionary_splat_pattern':
        local.vars.set(p.namedChildren[0]?.text ?? '', restKeywords());
        break;
      default:
        break;
    }
  }
  return local;
}

/** Runs the body of `fn` in `local` (from bindArguments): what it returns. */
export function runBody(ev: Evaluator, fn: PyFunction, local: Scope): Value {
  if (fn.isLambda) {
    const b = Lambda.body(fn.node);
    return b ? evaluate(ev, b, local) : UNKNOWN;
  }
  return runFunctionBody(ev, () => {
    const f = execBlock(ev, body(FunctionDefinition.body(fn.node)), local);
    return f.kind === 'return' ? f.value : null;
  });
}
