// Near-duplicate detection and story clustering on the labelled set
// resources/eval/stories/stories.jsonl, next to a baseline of exact (accent-folded) title match
// in the same run. Texts are fed in publication order, as ingest would see them. Settings are
// chosen on the "tune" split (best F1 over a small grid); figures are reported on "test".
// Run: npm run eval:stories
import { readFileSync } from 'node:fs';
import {
  DEFAULT_DUPLICATE_OPTIONS,
  DEFAULT_STORY_OPTIONS,
  NearDuplicateIndex,
  StoryClusterer,
} from '../src/analysis/stories/index.js';
import { foldDiacritics } from '../src/text/fold.js';

interface Labelled {
  id: string;
  outlet: string;
  publishedAt: string;
  title: string;
  text: string;
  story: string;
  copyOf: string | null;
  split: 'tune' | 'test';
}

const items = readFileSync('resources/eval/stories/stories.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l, i) => {
    try {
      return JSON.parse(l) as Labelled;
    } catch {
      throw new Error(`stories.jsonl line ${i + 1}: not JSON`);
    }
  })
  .map((x) => ({ ...x, at: Date.parse(x.publishedAt) }))
  .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
const splitOf = new Map(items.map((x) => [x.id, x.split]));

type Pair = string;
const pair = (a: string, b: string): Pair => (a < b ? `${a}|${b}` : `${b}|${a}`);
const inSplit = (p: Pair, split: string) => p.split('|').every((id) => splitOf.get(id) === split);

function prf(tp: number, fp: number, fn: number) {
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  const r = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

function scorePairs(predicted: Set<Pair>, gold: Set<Pair>, split: string) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of predicted) if (inSplit(p, split)) gold.has(p) ? tp++ : fp++;
  for (const p of gold) if (inSplit(p, split) && !predicted.has(p)) fn++;
  return prf(tp, fp, fn);
}

/** Pairs of texts within each cluster. */
function clusterPairs(clusterOf: Map<string, string>): Set<Pair> {
  const members = new Map<string, string[]>();
  for (const [id, c] of clusterOf) (members.get(c) ?? members.set(c, []).get(c)!).push(id);
  const out = new Set<Pair>();
  for (const ids of members.values()) {
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) out.add(pair(ids[i]!, ids[j]!));
  }
  return out;
}

/** B-cubed precision and recall over the texts of one split (Bagga and Baldwin, 1998). */
function bcubed(predicted: Map<string, string>, gold: Map<string, string>, split: string) {
  const ids = [...gold.keys()].filter((id) => splitOf.get(id) === split);
  const group = (m: Map<string, string>) => {
    const g = new Map<string, Set<string>>();
    for (const id of ids)
      (g.get(m.get(id)!) ?? g.set(m.get(id)!, new Set()).get(m.get(id)!)!).add(id);
    return g;
  };
  const pg = group(predicted);
  const gg = group(gold);
  let p = 0;
  let r = 0;
  for (const id of ids) {
    const mine = pg.get(predicted.get(id)!)!;
    const truth = gg.get(gold.get(id)!)!;
    let both = 0;
    for (const x of mine) if (truth.has(x)) both++;
    p += both / mine.size;
    r += both / truth.size;
  }
  p /= ids.length;
  r /= ids.length;
  return { p, r, f1: (2 * p * r) / (p + r) };
}

const goldCopies = new Set<Pair>();
for (const x of items) if (x.copyOf) goldCopies.add(pair(x.id, x.copyOf));
const goldStory = new Map(items.map((x) => [x.id, x.story]));
const goldStoryPairs = clusterPairs(goldStory);

function runDuplicates(shingleSize: number, threshold: number): Set<Pair> {
  const index = new NearDuplicateIndex({ shingleSize, threshold });
  const out = new Set<Pair>();
  for (const x of items) {
    const r = index.add({ id: x.id, text: x.text, publishedAt: x.at, source: x.outlet });
    for (const m of r.matches) out.add(pair(x.id, m.id));
  }
  return out;
}

function runStories(
  threshold: number,
  dupThreshold: number,
  policy: { minContentWords?: number; maxTermStories?: number; visited?: number[] } = {},
): Map<string, string> {
  const index = new NearDuplicateIndex({ threshold: dupThreshold });
  const stories = new StoryClusterer({
    threshold,
    ...(policy.minContentWords === undefined ? {} : { minContentWords: policy.minContentWords }),
    ...(policy.maxTermStories === undefined ? {} : { maxTermStories: policy.maxTermStories }),
  });
  const out = new Map<string, string>();
  for (const x of items) {
    const dup = index.add({ id: x.id, text: x.text, publishedAt: x.at, source: x.outlet });
    const s = stories.add({
      id: x.id,
      text: x.text,
      publishedAt: x.at,
      sameStoryAs: dup.matches[0]?.id ?? null,
    });
    // A text too short for a story is scored as a story of its own.
    out.set(x.id, s.storyId ?? x.id);
  }
  policy.visited?.push(stories.candidatesVisited);
  return out;
}

const titleKey = (t: string) =>
  foldDiacritics(t)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
function baselineClusters(): Map<string, string> {
  const first = new Map<string, string>();
  const out = new Map<string, string>();
  for (const x of items) {
    const key = titleKey(x.title);
    if (!first.has(key)) first.set(key, x.id);
    out.set(x.id, first.get(key)!);
  }
  return out;
}

const fmt = (s: { p: number; r: number; f1: number }) =>
  `P ${s.p.toFixed(3)}  R ${s.r.toFixed(3)}  F1 ${s.f1.toFixed(3)}`;

const nTune = items.filter((x) => x.split === 'tune').length;
console.log(
  `${items.length} texts (${nTune} tune, ${items.length - nTune} test), ${goldCopies.size} copy pairs, ${new Set(goldStory.values()).size} stories`,
);

// Near-duplicates: grid on tune.
let bestDup = { shingleSize: 0, threshold: 0, f1: -1 };
// Defaults first: on a tie the defaults stay.
for (const shingleSize of [2, 3, 1]) {
  for (const threshold of [0.6, 0.5, 0.7, 0.4, 0.3]) {
    const s = scorePairs(runDuplicates(shingleSize, threshold), goldCopies, 'tune');
    if (s.f1 > bestDup.f1) bestDup = { shingleSize, threshold, f1: s.f1 };
  }
}
const dupPairs = runDuplicates(bestDup.shingleSize, bestDup.threshold);
const titlePairs = clusterPairs(baselineClusters());
console.log('\nNear-duplicate pairs (copy of an earlier text)');
console.log(
  `  chosen on tune: ${bestDup.shingleSize}-word shingles, Jaccard >= ${bestDup.threshold} (defaults: ${DEFAULT_DUPLICATE_OPTIONS.shingleSize}, ${DEFAULT_DUPLICATE_OPTIONS.threshold})`,
);
for (const split of ['test', 'tune']) {
  console.log(`  ${split}  MinHash LSH        ${fmt(scorePairs(dupPairs, goldCopies, split))}`);
  console.log(`  ${split}  exact title match  ${fmt(scorePairs(titlePairs, goldCopies, split))}`);
}

// Stories: grid on tune (pairwise F1).
let bestStory = { threshold: 0, f1: -1 };
for (const threshold of [0.25, 0.2, 0.3, 0.15, 0.35, 0.4, 0.5]) {
  const s = scorePairs(
    clusterPairs(runStories(threshold, bestDup.threshold)),
    goldStoryPairs,
    'tune',
  );
  if (s.f1 > bestStory.f1) bestStory = { threshold, f1: s.f1 };
}
const clusters = runStories(bestStory.threshold, bestDup.threshold);
const baseline = baselineClusters();
console.log('\nStory clusters');
console.log(
  `  chosen on tune: cosine >= ${bestStory.threshold} (default ${DEFAULT_STORY_OPTIONS.threshold})`,
);
for (const split of ['test', 'tune']) {
  const pw = scorePairs(clusterPairs(clusters), goldStoryPairs, split);
  const pwBase = scorePairs(clusterPairs(baseline), goldStoryPairs, split);
  console.log(`  ${split}  clusterer          pairwise ${fmt(pw)}`);
  console.log(`  ${split}                     B-cubed  ${fmt(bcubed(clusters, goldStory, split))}`);
  console.log(`  ${split}  exact title match  pairwise ${fmt(pwBase)}`);
  console.log(`  ${split}                     B-cubed  ${fmt(bcubed(baseline, goldStory, split))}`);
}

// The cost policy: texts too short to start a story, and terms held by too many live stories to
// bring in candidates. "candidates" counts the stories brought in per term
// looked up, the work that grows with the live stories.
console.log(
  '\nStory policy (defaults: min content words ' +
    `${DEFAULT_STORY_OPTIONS.minContentWords}, max stories per term ${DEFAULT_STORY_OPTIONS.maxTermStories})`,
);
for (const minContentWords of [0, 4, 6, 8, 10]) {
  for (const maxTermStories of [Number.POSITIVE_INFINITY, 50, 20, 10, 5]) {
    const visited: number[] = [];
    const c = runStories(bestStory.threshold, bestDup.threshold, {
      minContentWords,
      maxTermStories,
      visited,
    });
    const f1s = (['tune', 'test'] as const).map(
      (split) =>
        `${split} pairwise F1 ${scorePairs(clusterPairs(c), goldStoryPairs, split).f1.toFixed(3)}` +
        ` B-cubed F1 ${bcubed(c, goldStory, split).f1.toFixed(3)}`,
    );
    console.log(
      `  min words ${String(minContentWords).padStart(2)}  max per term ${String(maxTermStories).padStart(8)}` +
        `  ${f1s.join('  ')}  candidates ${visited[0]}`,
    );
  }
}
