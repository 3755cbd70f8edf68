// Story terms as small integers. A syllable gets an id the first time it is read; a syllable
// pair gets its own id, found from its two syllables' ids in an open-addressing table, so
// reading a text builds no pair strings and looks up no strings but its words (each word's
// spelling maps to its term once). A text's term counts land in reusable typed arrays, in the
// order the terms were first met. Ids of terms nothing holds any more are reclaimed by
// `compact`, which hands back the old-to-new mapping for whoever holds ids.
import { foldDiacritics } from '../../text/fold.js';
import { currentWordRuns, WordRunIds, WordValues } from '../../text/word-ids.js';
import { englishStopwords, vietnameseStopwords } from '../keywords/index.js';
import { normalizeWord } from '../normalize/index.js';

/** Weight of a named word or phrase against a common one. */
export const NAMED_WEIGHT = 2;

/** Clause boundaries: no pair spans them. */
const CLAUSE = /[.,;:!?()[\]{}"“”‘’'…|/\\–—]+|\s-\s|\n/u;
const WORD = /[\p{L}\p{N}]+/gu;
const UPPER_START = /^\p{Lu}/u;
const HAS_DIGIT = /\p{N}/u;
/**
 * Whole-text folding can join or split words differently from word-by-word folding only around
 * combining marks left after NFC (folding drops them) and capital sigma (lower-cased by its
 * context): such texts take the whole-text path.
 */
const FOLDS_ACROSS_WORDS = /[\p{M}\u03a3]/u;

let stopwords: Set<string> | undefined;

/** Single-syllable stopwords, lower case NFC: multi-syllable entries are made of these anyway. */
function stopwordSet(): Set<string> {
  if (!stopwords) {
    stopwords = new Set();
    for (const w of [...vietnameseStopwords(), ...englishStopwords()]) {
      if (!w.includes(' ')) stopwords.add(w);
    }
  }
  return stopwords;
}

/** What a word contributes, worked out once per distinct spelling (words repeat). */
interface WordForm {
  /** Id of its story term: accent-folded, lower case, after `normalizeWord`. */
  term: number;
  /** Starts with a capital (after `normalizeWord`). */
  upper: boolean;
  /** A content word unless named: not a stopword, not a lone digit. */
  content: boolean;
  /** `foldDiacritics` of the word as written: what near-duplicate shingles are made of. */
  folded: string;
}

/** A text's distinct terms in the order first met, with their counts (reused between texts). */
export class TermCounts {
  ids = new Int32Array(64);
  counts = new Float64Array(64);
  length = 0;

  constructor(readonly dictionary: TermDictionary) {}

  push(id: number, count: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const counts = new Float64Array(this.length * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.ids[this.length] = id;
    this.counts[this.length++] = count;
  }
}

const EMPTY = 0x7fffffff;

let clauseChars: Uint8Array | undefined;

/**
 * Whether the text between two words ends a clause: `CLAUSE.test` of it, where a gap of fewer
 * than three code units (most of them) does iff one of its units does on its own.
 */
function endsClause(text: string, start: number, end: number): boolean {
  if (end - start >= 3) return CLAUSE.test(text.slice(start, end));
  if (clauseChars === undefined) {
    clauseChars = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      if (CLAUSE.test(String.fromCharCode(c))) clauseChars[c] = 1;
    }
  }
  for (let i = start; i < end; i++) if (clauseChars[text.charCodeAt(i)] === 1) return true;
  return false;
}

const NO_FORMS: readonly WordForm[] = [];

export class TermDictionary {
  /** Per id: the term for a syllable, '' for a pair (named by its two syllables). */
  private names: string[] = [];
  private readonly singles = new Map<string, number>();
  /** Per id: the pair's first and second syllable ids; -1 for a syllable. */
  private first = new Int32Array(1024);
  private second = new Int32Array(1024);
  /** Pair table: open addressing on (first, second), holding pair ids (EMPTY when free). */
  private table = new Int32Array(1024).fill(EMPTY);
  private pairs = 0;
  private readonly forms = new Map<string, WordForm>();
  /** Per id, during one `read`: 1 + the term's position in the counts, else 0. */
  private at = new Int32Array(1024);
  private readonly scratch = new TermCounts(this);
  private readonly clause: WordForm[] = [];
  private named = new Uint8Array(64);
  /** The forms of a word run's words, by run id (a run splits only at marks, as WORD splits it). */
  private runForms = new WordValues((run) => this.runFormsOf(run));
  private readonly runs = new WordRunIds();
  /**
   * Read a text through its word-run ids (one pass, one array read per word) where it allows;
   * false reads every text by the string path, the definition (tests compare the two).
   */
  byWordRuns = true;

  /** Ids handed out (live or not): arrays indexed by term id need this many places. */
  get size(): number {
    return this.names.length;
  }

  isPair(id: number): boolean {
    return this.first[id]! >= 0;
  }

  name(id: number): string {
    const a = this.first[id]!;
    return a < 0 ? this.names[id]! : `${this.name(a)} ${this.name(this.second[id]!)}`;
  }

  private grow(): void {
    const n = this.names.length;
    if (n < this.first.length) return;
    const first = new Int32Array(n * 2);
    first.set(this.first);
    this.first = first;
    const second = new Int32Array(n * 2);
    second.set(this.second);
    this.second = second;
    const at = new Int32Array(n * 2);
    at.set(this.at);
    this.at = at;
  }

  private single(term: string): number {
    let id = this.singles.get(term);
    if (id === undefined) {
      this.grow();
      id = this.names.length;
      this.names.push(term);
      this.first[id] = -1;
      this.second[id] = -1;
      this.singles.set(term, id);
    }
    return id;
  }

  private slotOf(a: number, b: number): number {
    const mask = this.table.length - 1;
    let i = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
    for (;;) {
      const id = this.table[i]!;
      if (id === EMPTY || (this.first[id] === a && this.second[id] === b)) return i;
      i = (i + 1) & mask;
    }
  }

  /** The id of the pair of two syllables' terms. */
  pair(a: number, b: number): number {
    const slot = this.slotOf(a, b);
    const held = this.table[slot]!;
    if (held !== EMPTY) return held;
    this.grow();
    const id = this.names.length;
    this.names.push('');
    this.first[id] = a;
    this.second[id] = b;
    this.table[slot] = id;
    if (++this.pairs * 2 > this.table.length) this.rehash(this.table.length * 2);
    return id;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size).fill(EMPTY);
    for (let id = 0; id < this.names.length; id++) {
      if (this.first[id]! >= 0) this.table[this.slotOf(this.first[id]!, this.second[id]!)] = id;
    }
  }

  /** The id of a term as `storyTerms` spells it (a pair is two syllables and a space). */
  intern(term: string): number {
    const space = term.indexOf(' ');
    if (space < 0) return this.single(term);
    return this.pair(this.single(term.slice(0, space)), this.intern(term.slice(space + 1)));
  }

  private formOf(word: string): WordForm {
    let form = this.forms.get(word);
    if (form === undefined) {
      if (this.forms.size >= 200_000) this.forms.clear();
      const normal = normalizeWord(word);
      const lower = normal.toLowerCase();
      form = {
        term: this.single(foldDiacritics(lower)),
        upper: UPPER_START.test(normal),
        content: !stopwordSet().has(lower) && (!HAS_DIGIT.test(lower) || lower.length > 1),
        folded: foldDiacritics(word),
      };
      this.forms.set(word, form);
    }
    return form;
  }

  /** A run's word forms: the form itself for a run that is one word (most), else a list. */
  private runFormsOf(run: string): WordForm | readonly WordForm[] {
    const words = run.match(WORD);
    if (words === null) return NO_FORMS;
    if (words.length === 1 && words[0] === run) return this.formOf(run);
    return words.map((w) => this.formOf(w));
  }

  private bump(id: number, by: number): void {
    const k = this.at[id]!;
    if (k === 0) {
      this.scratch.push(id, by);
      this.at[id] = this.scratch.length;
    } else this.scratch.counts[k - 1]! += by;
  }

  /**
   * A clause's words: content syllables, adjacent pairs, named ones double. A capital on a
   * clause's first word says nothing; inside a clause it marks a name. A capitalised first
   * word still counts as named when the name continues after it.
   */
  private flushClause(): void {
    const clause = this.clause;
    const n = clause.length;
    if (n === 0) return;
    if (this.named.length < n) this.named = new Uint8Array(n * 2);
    const named = this.named;
    let nextNamed = false;
    for (let i = n - 1; i >= 0; i--) {
      const upper = clause[i]!.upper;
      named[i] = upper && (i > 0 || nextNamed) ? 1 : 0;
      nextNamed = upper && i > 0;
    }
    for (let i = 0; i < n; i++) {
      const a = clause[i]!;
      if (!(named[i] || a.content)) continue;
      this.bump(a.term, named[i] ? NAMED_WEIGHT : 1);
      if (i + 1 < n) {
        const b = clause[i + 1]!;
        if (named[i + 1] || b.content) {
          this.bump(this.pair(a.term, b.term), named[i] && named[i + 1] ? NAMED_WEIGHT : 1);
        }
      }
    }
    clause.length = 0;
  }

  /**
   * One pass over a text whose boilerplate is already stripped: its story terms (into counts
   * that are reused by the next call) and its accent-folded words. Clauses end at the
   * punctuation of CLAUSE, which holds no word character, so the text's words are the clauses'
   * words in order, and a clause ends between two words where the gap holds a CLAUSE match.
   */
  read(stripped: string): { terms: TermCounts; words: string[] } {
    const counts = this.scratch;
    for (let k = 0; k < counts.length; k++) this.at[counts.ids[k]!] = 0;
    counts.length = 0;
    const words = (this.byWordRuns && this.readRuns(stripped)) || this.readWords(stripped);
    for (let k = 0; k < counts.length; k++) this.at[counts.ids[k]!] = 0;
    return {
      terms: counts,
      words: FOLDS_ACROSS_WORDS.test(stripped)
        ? (foldDiacritics(stripped).match(WORD) ?? [])
        : words,
    };
  }

  /** Terms by the words WORD matches, each looked up by its spelling. */
  private readWords(stripped: string): string[] {
    const raw = stripped.match(WORD) ?? [];
    const words: string[] = new Array(raw.length);
    let end = 0;
    let from = 0;
    for (let k = 0; k < raw.length; k++) {
      const word = raw[k]!;
      const start = stripped.indexOf(word, from);
      if (k > 0 && !(start - end === 1 && stripped.charCodeAt(end) === 32)) {
        if (CLAUSE.test(stripped.slice(end, start))) this.flushClause();
      }
      end = start + word.length;
      from = end;
      const form = this.formOf(word);
      this.clause.push(form);
      words[k] = form.folded;
    }
    this.flushClause();
    return words;
  }

  /**
   * Terms by the text's word runs (runs of letters, marks and digits), each run's words looked
   * up by its id; undefined when the text is not its own NFC form read in one pass (the runs'
   * offsets would not be the text's). A run holds WORD's words split only by marks, which no
   * clause boundary holds, so a boundary lies in the gap between two runs: in the gap as WORD
   * sees it, marks at its ends aside, which CLAUSE cannot match across.
   */
  private readRuns(stripped: string): string[] | undefined {
    const dictionary = currentWordRuns();
    const runs = this.runs;
    dictionary.tokenize(stripped, runs);
    if (!runs.plain) return undefined;
    const words: string[] = [];
    const { ids, starts, ends } = runs;
    let end = 0;
    for (let k = 0; k < runs.length; k++) {
      const start = starts[k]!;
      if (k > 0 && !(start - end === 1 && stripped.charCodeAt(end) === 32)) {
        if (endsClause(stripped, end, start)) this.flushClause();
      }
      end = ends[k]!;
      const forms = this.runForms.of(dictionary, ids[k]!);
      if (!Array.isArray(forms)) {
        const form = forms as WordForm;
        this.clause.push(form);
        words.push(form.folded);
        continue;
      }
      for (let j = 0; j < forms.length; j++) {
        const form = forms[j]!;
        this.clause.push(form);
        words.push(form.folded);
      }
    }
    this.flushClause();
    return words;
  }

  /**
   * Keeps the terms `keep` says are held (and the syllables of kept pairs), renumbered from 0;
   * returns each old id's new id, -1 for a term let go. The counts of the last `read` are kept
   * and renumbered. Word forms are worked out afresh.
   */
  compact(keep: (id: number) => boolean): Int32Array {
    const n = this.names.length;
    const kept = new Uint8Array(n);
    const read = this.scratch;
    const inRead = new Uint8Array(n);
    for (let k = 0; k < read.length; k++) inRead[read.ids[k]!] = 1;
    for (let id = 0; id < n; id++) {
      if (!(inRead[id] === 1 || keep(id))) continue;
      kept[id] = 1;
      // A pair holds its syllables, so reading that pair again finds the same id.
      const stack = [id];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (this.first[x]! < 0) continue;
        for (const part of [this.first[x]!, this.second[x]!]) {
          if (kept[part] === 0) {
            kept[part] = 1;
            stack.push(part);
          }
        }
      }
    }
    const remap = new Int32Array(n).fill(-1);
    let next = 0;
    for (let id = 0; id < n; id++) if (kept[id] === 1) remap[id] = next++;
    const names: string[] = new Array(next);
    const first = new Int32Array(Math.max(1024, next * 2));
    const second = new Int32Array(first.length);
    this.singles.clear();
    this.pairs = 0;
    for (let id = 0; id < n; id++) {
      const to = remap[id]!;
      if (to < 0) continue;
      names[to] = this.names[id]!;
      const a = this.first[id]!;
      first[to] = a < 0 ? -1 : remap[a]!;
      second[to] = a < 0 ? -1 : remap[this.second[id]!]!;
      if (a < 0) this.singles.set(names[to]!, to);
      else this.pairs++;
    }
    this.names = names;
    this.first = first;
    this.second = second;
    this.at = new Int32Array(first.length);
    let size = 1024;
    while (size < this.pairs * 4) size *= 2;
    this.rehash(size);
    this.forms.clear();
    this.runForms = new WordValues((run) => this.runFormsOf(run));
    for (let k = 0; k < read.length; k++) read.ids[k] = remap[read.ids[k]!]!;
    return remap;
  }
}
