// The public-service sectors a text concerns, by phrase rules from taxonomy.json. Rules rather
// than a trained model: no labelled sector data exists to train on, each rule can be read and
// corrected by the department that owns the sector, and precision is kept by half-weight
// phrases that need a second cue and by excluded idioms ("bùng nổ", "lũ trẻ", "bão giá").

import { readResource } from '../../package-root.js';
import { foldDiacritics } from '../../text/fold.js';
import { wordRuns } from '../../text/word-chars.js';
import { WordFlags, type WordRunDictionary, WordValues } from '../../text/word-ids.js';
import { placeTone } from '../normalize/index.js';

export type SectorId =
  | 'traffic'
  | 'flooding'
  | 'environment'
  | 'land'
  | 'health'
  | 'education'
  | 'order'
  | 'administration'
  | 'utilities'
  | 'prices'
  | 'welfare'
  | 'other';

export interface Sector {
  id: SectorId;
  vi: string;
  en: string;
  /** Provincial departments (or bodies) that own the sector since the 2025 mergers. */
  departments: string[];
  phrases: string[];
  weakPhrases: string[];
  excluded: string[];
}

export interface SectorTag {
  sector: SectorId;
  /** Sum of phrase weights (1 per phrase, 0.5 per weak phrase; each phrase counted once). */
  score: number;
  confidence: number;
  /** The phrases that matched, as listed in the taxonomy. */
  matched: string[];
}

interface Rule {
  sector: SectorId;
  words: string[];
  weight: number;
  phrase: string;
  excluded: boolean;
}

export interface SectorTagger {
  readonly sectors: readonly Sector[];
  tag(text: string): SectorTag[];
  /**
   * False when no rule can fire on a text whose word runs have these ids and lower-case
   * run by run (WordRunIds.plain): tag() would give 'other'. One array read per word.
   */
  mayFire(dictionary: WordRunDictionary, ids: Int32Array, count?: number): boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const accentWords = (s: string) =>
  (s.normalize('NFC').toLowerCase().match(WORD) ?? []).map((w) => placeTone(w));

/** A lower-case word's tone-normalised and folded forms, worked out once per spelling. */
interface WordForms {
  accent: string;
  fold: string;
  /** The two differ: the word carries a diacritic. */
  marked: boolean;
}
const FORMS_LIMIT = 100_000;
const forms = new Map<string, WordForms>();
const runs: number[] = [];

function formsOf(word: string): WordForms {
  let f = forms.get(word);
  if (f === undefined) {
    const accent = placeTone(word);
    const fold = foldDiacritics(accent);
    f = { accent, fold, marked: accent !== fold };
    if (forms.size >= FORMS_LIMIT) forms.clear();
    forms.set(word, f);
  }
  return f;
}

const NO_RULES: readonly Rule[] = [];

/** The tag of a text no rule fires on. */
const otherSector = (): SectorTag => ({ sector: 'other', score: 0, confidence: 0, matched: [] });

export function createSectorTagger(sectors: readonly Sector[]): SectorTagger {
  const byFirst = new Map<string, Rule[]>();
  const byFirstPlain = new Map<string, Rule[]>();
  const addRule = (rule: Rule) => {
    for (const [map, words] of [
      [byFirst, rule.words],
      [byFirstPlain, rule.words.map(foldDiacritics)],
    ] as const) {
      const list = map.get(words[0]!) ?? [];
      list.push({ ...rule, words: [...words] });
      map.set(words[0]!, list);
    }
  };
  for (const s of sectors) {
    const add = (phrases: string[], weight: number, excluded: boolean) => {
      for (const phrase of phrases) {
        const words = accentWords(phrase);
        if (words.length > 0) addRule({ sector: s.id, words, weight, phrase, excluded });
      }
    };
    add(s.phrases, 1, false);
    add(s.weakPhrases, 0.5, false);
    add(s.excluded, 0, true);
  }

  // Whether a rule that counts (not an excluded idiom) can fire: its words are all there, in
  // order, folded (a rule that fires on the words as written fires on them folded too).
  const folds = new WordValues((word) => formsOf(word.toLowerCase()).fold);
  const starts = new WordFlags((word) => {
    const rules = byFirstPlain.get(formsOf(word.toLowerCase()).fold) ?? NO_RULES;
    return rules.some((r) => !r.excluded) ? 1 : 0;
  });
  const mayFire = (dictionary: WordRunDictionary, ids: Int32Array, count = ids.length) => {
    for (let k = 0; k < count; k++) {
      if (starts.of(dictionary, ids[k]!) === 0) continue;
      for (const rule of byFirstPlain.get(folds.of(dictionary, ids[k]!))!) {
        const n = rule.words.length;
        if (rule.excluded || k + n > count) continue;
        let same = true;
        for (let j = 1; j < n && same; j++)
          same = folds.of(dictionary, ids[k + j]!) === rule.words[j];
        if (same) return true;
      }
    }
    return false;
  };

  const tag = (text: string): SectorTag[] => {
    const lower = text.normalize('NFC').toLowerCase();
    const count = wordRuns(lower, runs);
    const words = new Array<string>(count);
    const folded = new Array<string>(count);
    let marked = 0;
    for (let k = 0; k < count; k++) {
      const forms = formsOf(lower.slice(runs[2 * k]!, runs[2 * k + 1]!));
      words[k] = forms.accent;
      folded[k] = forms.fold;
      if (forms.marked) marked++;
    }
    // Text typed without diacritics is matched on folded words.
    const plain = words.length > 0 && marked / words.length < 0.15;
    const seq = plain ? folded : words;
    const index = plain ? byFirstPlain : byFirst;
    const hits: { rule: Rule; start: number; end: number }[] = [];
    for (let i = 0; i < seq.length; i++) {
      for (const rule of index.get(seq[i]!) ?? NO_RULES) {
        const n = rule.words.length;
        let ok = i + n <= seq.length;
        for (let k = 1; k < n && ok; k++) ok = seq[i + k] === rule.words[k];
        if (ok) hits.push({ rule, start: i, end: i + n });
      }
    }
    // Most texts name no sector.
    if (hits.length === 0) return [otherSector()];
    const excludedSpans = hits.filter((h) => h.rule.excluded);
    const scores = new Map<SectorId, { score: number; matched: Set<string> }>();
    for (const h of hits) {
      if (h.rule.excluded) continue;
      if (
        excludedSpans.some(
          (x) => x.start <= h.start && h.end <= x.end && x.end - x.start > h.end - h.start,
        )
      ) {
        continue;
      }
      const entry = scores.get(h.rule.sector) ?? { score: 0, matched: new Set<string>() };
      if (!entry.matched.has(h.rule.phrase)) {
        entry.matched.add(h.rule.phrase);
        entry.score += h.rule.weight;
      }
      scores.set(h.rule.sector, entry);
    }
    const out: SectorTag[] = [];
    for (const [sector, { score, matched }] of scores) {
      if (score < 1) continue;
      out.push({
        sector,
        score,
        confidence: Math.round((1 - Math.exp(-1.2 * score)) * 100) / 100,
        matched: [...matched],
      });
    }
    out.sort((a, b) => b.score - a.score);
    return out.length > 0 ? out : [otherSector()];
  };

  return { sectors, tag, mayFire };
}

let cached: SectorTagger | undefined;

/** The taxonomy shipped in src/analysis/sectors/taxonomy.json. */
export function loadSectors(): Sector[] {
  const file = JSON.parse(readResource('src/analysis/sectors/taxonomy.json')) as {
    sectors: Sector[];
  };
  return file.sectors;
}

export function defaultSectorTagger(): SectorTagger {
  cached ??= createSectorTagger(loadSectors());
  return cached;
}

/** Sectors of a text, strongest first; [{ sector: 'other' }] when no rule fires. */
export function tagSectors(text: string): SectorTag[] {
  return defaultSectorTagger().tag(text);
}
