// A unit's topics stay within its places and sectors unless an administrator widens them. What
// can be checked is what a query asks for by name: its `place:` and `sector:` terms. Terms under
// NOT narrow a topic and are always allowed; a query without such terms is not limited here.
import type { QueryNode } from '../query/ast.js';
import { foldDiacritics } from '../text/fold.js';

export interface ScopeLimits {
  /** Names of the places the unit covers (see placeNames), any case and diacritics. */
  placeNames: readonly string[];
  sectors: readonly string[];
}

/** The `place:` and `sector:` values a query asks for outside any NOT. */
export function askedScope(node: QueryNode): { places: string[]; sectors: string[] } {
  const places: string[] = [];
  const sectors: string[] = [];
  const visit = (n: QueryNode, negated: boolean): void => {
    switch (n.kind) {
      case 'not':
        visit(n.child, !negated);
        return;
      case 'and':
      case 'or':
        for (const child of n.children) visit(child, negated);
        return;
      case 'field': {
        if (negated) return;
        // `sector:` is read by name so this check holds once the field is in the language.
        const field = n.field as string;
        if (field === 'place') places.push(...leafTexts(n.child));
        else if (field === 'sector') sectors.push(...leafTexts(n.child));
        return;
      }
      default:
        return;
    }
  };
  visit(node, false);
  return { places, sectors };
}

function leafTexts(node: QueryNode): string[] {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return [node.text];
    case 'near':
      return node.operands.map((o) => o.text);
    case 'and':
    case 'or':
      return node.children.flatMap(leafTexts);
    case 'field':
    case 'not':
      return leafTexts(node.child);
  }
}

const words = (text: string) =>
  foldDiacritics(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function nameHolds(name: string, asked: string): boolean {
  const n = words(name);
  const a = words(asked);
  if (a.length === 0) return true;
  for (let i = 0; i + a.length <= n.length; i++) {
    if (a.every((w, j) => n[i + j] === w)) return true;
  }
  return false;
}

/** Why a query goes beyond a unit's limits, or null when it stays within them. */
export function scopeProblem(node: QueryNode, limits: ScopeLimits): string | null {
  const asked = askedScope(node);
  // An empty list is no limit: the organisation itself covers every place and sector.
  for (const place of limits.placeNames.length === 0 ? [] : asked.places) {
    if (!limits.placeNames.some((name) => nameHolds(name, place))) {
      return `place:${place} is outside the unit's places; an administrator can widen the topic`;
    }
  }
  const sectors = new Set(limits.sectors.map((s) => foldDiacritics(s)));
  for (const sector of sectors.size === 0 ? [] : asked.sectors) {
    if (!sectors.has(foldDiacritics(sector.trim()))) {
      return `sector:${sector} is outside the unit's sectors; an administrator can widen the topic`;
    }
  }
  return null;
}
