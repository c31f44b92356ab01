// Typed access to the parts of the node kinds the interpreter reads, named
// as tree-sitter-python's grammar names their fields.
//
//   BinaryOperator.left(node)        → the left operand (always there)
//   FunctionDefinition.name(node)    → the function's name, '' when missing
//   Assignment.right(node)           → null for `x: int`
//
// A field the grammar requires is always present in a node of that kind:
// where the text lacks it, tree-sitter inserts a zero-width MISSING node or
// makes the whole construct an ERROR node instead. Its accessor returns a
// node; an optional field's returns null when absent.
import type { SyntaxNode } from './syntax';

type Part = (node: SyntaxNode) => SyntaxNode;
type OptionalPart = (node: SyntaxNode) => SyntaxNode | null;
type Parts = (node: SyntaxNode) => SyntaxNode[];

function required(field: string): Part {
  return (node) => node.childForFieldName(field) as SyntaxNode;
}

function optional(field: string): OptionalPart {
  return (node) => node.childForFieldName(field);
}

function all(field: string): Parts {
  return (node) => node.childrenForFieldName(field);
}

/** The text of a field, '' when absent (a name the interpreter binds or looks up). */
function text(field: string): (node: SyntaxNode) => string {
  return (node) => node.childForFieldName(field)?.text ?? '';
}

/** The text of a field, undefined when absent. */
function optionalText(field: string): (node: SyntaxNode) => string | undefined {
  return (node) => node.childForFieldName(field)?.text;
}

// ---------------------------------------------------------------- expressions

export const BinaryOperator = { left: required('left'), right: required('right'), operator: text('operator') };
export const BooleanOperator = { left: required('left'), right: required('right'), operator: text('operator') };
export const UnaryOperator = { argument: required('argument'), operator: text('operator') };
export const NotOperator = { argument: required('argument') };
export const Attribute = { object: required('object'), attribute: text('attribute') };
export const Subscript = { value: required('value'), subscripts: all('subscript') };
export const Call = { function: required('function'), arguments: optional('arguments') };
export const KeywordArgument = { name: text('name'), value: optional('value') };
export const Pair = { key: required('key'), value: required('value') };
export const NamedExpression = { name: text('name'), value: required('value') };
export const Lambda = { parameters: optional('parameters'), body: optional('body') };
/** list_comprehension, set_comprehension, generator_expression, dictionary_comprehension (whose body is a `pair`). */
export const Comprehension = { body: required('body') };
export const ForInClause = { left: required('left'), right: required('right') };
export const Interpolation = { expression: optional('expression'), formatSpecifier: optionalText('format_specifier'), typeConversion: optionalText('type_conversion') };
export const AsPattern = { alias: optional('alias') };

// ---------------------------------------------------------------- statements

/** assignment; `right` is null in an annotation without a value (`x: int`). */
export const Assignment = { left: required('left'), right: optional('right') };
export const AugmentedAssignment = { left: required('left'), right: required('right'), operator: text('operator') };
export const FunctionDefinition = { name: text('name'), nameNode: optional('name'), parameters: optional('parameters'), body: optional('body') };
export const ClassDefinition = { name: text('name'), superclasses: optional('superclasses'), body: optional('body') };
export const DecoratedDefinition = { definition: optional('definition') };
/** default_parameter, typed_default_parameter. */
export const DefaultParameter = { name: text('name'), value: optional('value') };
export const IfStatement = { condition: required('condition'), consequence: optional('consequence'), alternatives: all('alternative') };
export const ElifClause = { condition: required('condition'), consequence: optional('consequence') };
/** else_clause (of if, for, while and try). */
export const ElseClause = { body: optional('body') };
export const ForStatement = { left: required('left'), right: required('right'), body: optional('body'), alternative: optional('alternative') };
export const WhileStatement = { condition: required('condition'), body: optional('body'), alternative: optional('alternative') };
export const WithStatement = { body: optional('body') };
export const WithItem = { value: optional('value') };
export const TryStatement = { body: optional('body') };
export const ImportStatement = { names: all('name') };
export const ImportFromStatement = { moduleName: optional('module_name'), names: all('name') };
export const AliasedImport = { name: text('name'), alias: text('alias') };
