// Finds the article described by a page's JSON-LD (schema.org) blocks. Publishers' JSON-LD is
// often invalid JSON (raw line breaks inside strings, trailing commas, HTML comment wrappers), so a
// block that fails to parse is repaired once before it is given up with a warning.

/** A JSON-LD node: any object; fields are read defensively. */
export type JsonLdNode = Record<string, unknown>;

export interface JsonLdArticle {
  /** The first node typed as an article, or null. */
  article: JsonLdNode | null;
  /** Every typed node with an `@id`, to follow references such as `"publisher": {"@id": …}`. */
  byId: Map<string, JsonLdNode>;
  /** All typed nodes in document order (a WebPage may carry `inLanguage` the article lacks). */
  nodes: JsonLdNode[];
  warnings: string[];
}

/** schema.org types (and subtypes) that describe a news or blog article. */
const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenews',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'backgroundnewsarticle',
  'reviewnewsarticle',
  'askpublicnewsarticle',
  'blogposting',
  'liveblogposting',
  'socialmediaposting',
  'report',
]);

/** Walk no deeper than this into nested objects; article nodes sit near the top. */
const MAX_DEPTH = 5;

/** Parse the text of every `<script type="application/ld+json">` and pick the article node. */
export function readJsonLd(blocks: readonly string[]): JsonLdArticle {
  const warnings: string[] = [];
  const nodes: JsonLdNode[] = [];
  blocks.forEach((block, index) => {
    const parsed = parseLenientJson(block);
    if (parsed === null) {
      if (block.trim() !== '') warnings.push(`invalid JSON-LD block ${index + 1} ignored`);
      return;
    }
    if (parsed.repaired) warnings.push(`invalid JSON-LD block ${index + 1} repaired`);
    collectNodes(parsed.value, nodes, 0);
  });
  const byId = new Map<string, JsonLdNode>();
  for (const node of nodes) {
    const id = node['@id'];
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, node);
  }
  const article = nodes.find((node) => typesOf(node).some((type) => ARTICLE_TYPES.has(type)));
  return { article: article ?? null, byId, nodes, warnings };
}

/** JSON.parse, then one repair attempt; null when both fail. */
export function parseLenientJson(text: string): { value: unknown; repaired: boolean } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  try {
    return { value: JSON.parse(trimmed), repaired: false };
  } catch {
    // fall through to the repair below
  }
  const repaired = trimmed
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)$/, '')
    .trim()
    .replace(/;$/, '')
    // Raw control characters are illegal inside JSON strings and harmless whitespace outside.
    .replace(/[\u0000-\u001f]+/g, ' ')
    .replace(/,\s*([}\]])/g, '$1');
  try {
    return { value: JSON.parse(repaired), repaired: true };
  } catch {
    return null;
  }
}

/** Lower-cased local type names: "https://schema.org/NewsArticle" and "NewsArticle" alike. */
export function typesOf(node: JsonLdNode): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((type): type is string => typeof type === 'string')
    .map((type) => type.slice(Math.max(type.lastIndexOf('/'), type.lastIndexOf(':')) + 1))
    .map((type) => type.toLowerCase());
}

/** Follow a bare `{"@id": …}` reference to the node it names, when the page defines it. */
export function resolveReference(value: unknown, byId: Map<string, JsonLdNode>): unknown {
  if (!isNode(value)) return value;
  const id = value['@id'];
  if (typeof id !== 'string' || Object.keys(value).some((key) => key !== '@id')) return value;
  return byId.get(id) ?? value;
}

export function isNode(value: unknown): value is JsonLdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectNodes(value: unknown, into: JsonLdNode[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, into, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  if (value['@type'] !== undefined) into.push(value);
  for (const [key, child] of Object.entries(value)) {
    if (key === '@context') continue;
    if (typeof child === 'object' && child !== null) collectNodes(child, into, depth + 1);
  }
}
