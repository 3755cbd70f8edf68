// Prints a query tree back as query text that parses to the same tree. Used to show a topic in
// normalised form and to round-trip generated queries in tests.
import type { LeafNode, QueryNode } from './ast.js';

const READS_AS_SYNTAX = /^(AND|OR|NOT|NEAR(\/.*)?|[-=].*|[^:]+:.*)$/;

export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return formatLeaf(node);
    case 'near':
      return node.operands.map(formatLeaf).join(` NEAR/${node.distance} `);
    case 'field': {
      const child = node.child;
      const value =
        child.kind === 'term' || child.kind === 'phrase'
          ? formatLeaf(child)
          : `(${formatQuery(child)})`;
      return `${node.field}:${value}`;
    }
    case 'not':
      return `NOT ${wrapUnless(node.child, ['and', 'or'])}`;
    case 'and':
      return node.children.map((child) => wrapUnless(child, ['and', 'or'])).join(' ');
    case 'or':
      return node.children.map((child) => wrapUnless(child, ['or'])).join(' OR ');
  }
}

function wrapUnless(node: QueryNode, wrapKinds: QueryNode['kind'][]): string {
  const text = formatQuery(node);
  return wrapKinds.includes(node.kind) ? `(${text})` : text;
}

function formatLeaf(node: LeafNode): string {
  const exact = node.exact ? '=' : '';
  const star = node.prefix ? '*' : '';
  if (node.kind === 'term' && !READS_AS_SYNTAX.test(node.text)) {
    return `${exact}${node.text}${star}`;
  }
  const proximity = node.kind === 'phrase' && node.proximity !== null ? `~${node.proximity}` : '';
  return `${exact}"${node.text}"${star}${proximity}`;
}
