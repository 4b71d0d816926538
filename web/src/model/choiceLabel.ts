// A short, readable rendering of a Choice rule: `$.a.b == true`,
// `$.n >= 10 and $.s like "x*"`, or a JSONata Condition as written.
import type { ChoiceRule } from './asl';

const OPERATORS: [string, string][] = [
  ['GreaterThanEquals', '>='],
  ['LessThanEquals', '<='],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '=='],
  ['Matches', 'like'],
];

function renderValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function renderComparison(rule: ChoiceRule): string {
  const variable = rule.Variable ?? '?';
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign' || key === 'Output') continue;
    if (key.startsWith('Is')) {
      const what = key.slice(2).replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase()).trim();
      return value === false ? `${variable} is not ${what}` : `${variable} is ${what}`;
    }
    const isPath = key.endsWith('Path');
    const base = isPath ? key.slice(0, -4) : key;
    for (const [suffix, op] of OPERATORS) {
      if (base.endsWith(suffix)) {
        const rhs = isPath ? String(value) : renderValue(value);
        return `${variable} ${op} ${rhs}`;
      }
    }
    return `${variable} ${key} ${renderValue(value)}`;
  }
  return variable;
}

export function ruleLabel(rule: ChoiceRule): string {
  if (typeof rule.Condition === 'string') return rule.Condition;
  if (Array.isArray(rule.And)) return rule.And.map((r) => wrap(r)).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map((r) => wrap(r)).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not ${wrap(rule.Not)}`;
  return renderComparison(rule);
}

function wrap(rule: ChoiceRule): string {
  const inner = ruleLabel(rule);
  return rule.And || rule.Or ? `(${inner})` : inner;
}

/** Clip a label for the graph (the full text stays in a tooltip). */
export function clip(text: string, max = 48): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
