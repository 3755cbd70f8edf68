// The standing query that follows a policy: its own query, narrowed to its places and sectors
// with the query language's place: and sector: fields.
import { parseQuery, QuerySyntaxError } from '../../query/parse.js';

function quoted(value: string): string {
  return `"${value.replace(/"/g, '')}"`;
}

export function policyTopicQuery(policy: {
  query: string;
  places?: readonly string[];
  sectors?: readonly string[];
}): string {
  const parts = [`(${policy.query})`];
  const places = policy.places ?? [];
  const sectors = policy.sectors ?? [];
  if (places.length > 0) parts.push(`(${places.map((p) => `place:${quoted(p)}`).join(' OR ')})`);
  if (sectors.length > 0) parts.push(`(${sectors.map((s) => `sector:${s}`).join(' OR ')})`);
  return parts.length === 1 ? policy.query : parts.join(' AND ');
}

/** Null when the composed query parses, else a one-line reason. */
export function policyQueryProblem(policy: Parameters<typeof policyTopicQuery>[0]): string | null {
  try {
    parseQuery(policyTopicQuery(policy));
    return null;
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      return `query: ${error.reason} at position ${error.position}`;
    }
    throw error;
  }
}
