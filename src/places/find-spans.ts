// Candidate place names in a text: a unit-type word followed by a name ("quận 1", "Q.1",
// "P. Bến Nghé", "huyện Củ Chi", "TP. Thủ Đức") or a bare name (a province, a former district,
// a ward) written as a proper noun and not headed by a word that makes it a street, a building
// or a person ("đường Lê Lợi", "chợ Bến Thành", "Chủ tịch Hồ Chí Minh").
import type { NameEntry, NameIndex, NameTrieNode, UnitKind } from './name-index.js';
import type { ScannedText, ScannedWord } from './scan-words.js';

export type SpanLevel = 'province' | 'district' | 'ward';

export interface Span {
  start: number;
  end: number;
  /** Index of the first word of the name (after any type word). */
  first: number;
  /** Index after the last word. */
  last: number;
  /** Level the type word names; null for a bare name. */
  prefix: SpanLevel | null;
  /** Type the prefix names ("quận", "phường"…), when it names one. */
  prefixType: string | null;
  candidates: NameEntry[];
}

interface Prefix {
  words: string[];
  accent: string;
  levels: SpanLevel[];
  type: string | null;
  /** An abbreviation: counts when capitalised, followed by a full stop or by a number. */
  abbrev: boolean;
}

const prefix = (
  accent: string,
  levels: SpanLevel[],
  type: string | null,
  abbrev = false,
): Prefix => ({
  words: accent
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .split(' '),
  accent,
  levels,
  type,
  abbrev,
});

const PREFIXES: readonly Prefix[] = [
  prefix('thành phố', ['province', 'district'], 'thành phố'),
  prefix('tp', ['province', 'district'], 'thành phố', true),
  prefix('tỉnh', ['province'], 'tỉnh'),
  prefix('quận', ['district'], 'quận'),
  prefix('q', ['district'], 'quận', true),
  prefix('huyện', ['district'], 'huyện'),
  prefix('thị xã', ['district'], 'thị xã'),
  prefix('tx', ['district'], 'thị xã', true),
  prefix('phường', ['ward'], 'phường'),
  prefix('p', ['ward'], 'phường', true),
  prefix('f', ['ward'], 'phường', true),
  prefix('xã', ['ward'], 'xã'),
  prefix('thị trấn', ['ward'], 'thị trấn'),
  prefix('tt', ['ward'], 'thị trấn', true),
  prefix('đặc khu', ['ward'], 'đặc khu'),
];

const KINDS: Record<SpanLevel, readonly UnitKind[]> = {
  province: ['province', 'formerProvince'],
  district: ['formerDistrict'],
  ward: ['ward', 'formerWard'],
};

/** Heads that make the following name a street: blocks every bare name. */
const STREET_HEADS = [
  'đường',
  'phố',
  'ngõ',
  'ngách',
  'hẻm',
  'đại lộ',
  'quốc lộ',
  'tỉnh lộ',
  'kiệt',
];
/** Heads that make the following name a person. */
const PERSON_HEADS = [
  'ông',
  'bà',
  'anh',
  'chị',
  'cô',
  'chú',
  'bác',
  'cụ',
  'em',
  'cháu',
  'mẹ',
  'bố',
  'vợ',
  'chồng',
  'chủ tịch',
  'đồng chí',
  'tướng',
  'vua',
  'thầy',
  'tư tưởng',
  'huân chương',
  'giải thưởng',
  'đường mòn',
  'lăng',
  'nhà văn',
  'nhà thơ',
  'danh nhân',
  'anh hùng',
  'liệt sĩ',
  'thủ tướng',
  'bộ trưởng',
  'giám đốc',
  'ca sĩ',
  'nghệ sĩ',
  'cầu thủ',
  'hlv',
  'tiền vệ',
  'tiền đạo',
  'thủ môn',
  'hậu vệ',
  'đại tá',
  'thượng tá',
  'trung tá',
  'thiếu tá',
  'đại úy',
  'đại uý',
  'bị cáo',
  'bị can',
  'nghi phạm',
  'nạn nhân',
  'sinh viên',
  'học sinh',
  'bệnh nhân',
  'bé',
  'cậu',
  'diễn viên',
  'nhạc sĩ',
  'người mẫu',
  'hoa hậu',
  'á hậu',
  'nsnd',
  'nsưt',
  'danh ca',
  'nhà báo',
  'bia',
  'hãng',
  'thí sinh',
  'họ',
  'tên',
  'bạn',
  'nữ sinh',
  'nam sinh',
  'tài xế',
  'chàng',
  'nàng',
];
/** Heads that make the following name a building, a market, a natural feature or a body. */
const POI_HEADS = [
  'chợ',
  'cầu',
  'ga',
  'bến',
  'bến xe',
  'sân bay',
  'cảng',
  'bệnh viện',
  'trường',
  'công viên',
  'hồ',
  'sông',
  'kênh',
  'rạch',
  'chùa',
  'đình',
  'đền',
  'nhà thờ',
  'chung cư',
  'khu đô thị',
  'tòa nhà',
  'toà nhà',
  'núi',
  'đèo',
  'vịnh',
  'thác',
  'suối',
  'nhà hát',
  'bảo tàng',
  'khách sạn',
  'dự án',
  'trạm',
  'vòng xoay',
  'ngã tư',
  'ngã ba',
  'ngã sáu',
  'nút giao',
  'hầm',
  'đập',
  'nhà máy',
  'công ty',
  'tập đoàn',
  'ngân hàng',
  'báo',
  'đài',
  'clb',
  'câu lạc bộ',
  'đội',
  'rừng',
  'cửa khẩu',
  'phà',
  'bến phà',
  'hội trường',
  'dinh',
  'tuyến',
  'metro',
  'đại học',
  'học viện',
  'siêu thị',
  'quán',
  'nhà hàng',
  'thương hiệu',
  'nhãn hiệu',
];
/** Proper names that begin with a place name but are not places. */
const NOT_PLACES = ['thái bình dương', 'liên hợp quốc', 'đông nam á'];
const NOT_PLACE_FIRST = new Set(
  NOT_PLACES.map((np) =>
    np
      .split(' ')[0]!
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd'),
  ),
);
/** Province names that are also everyday words ("hòa bình", peace): read only when capitalised. */
const COMMON_WORD_PROVINCES = new Set([
  'hòa bình',
  'thái bình',
  'cao bằng',
  'hải dương',
  'bình định',
  'hồ chí minh',
]);
/** Ward names that begin like a person's name stay unread unless a type word heads them. */
const PERSON_NAME_STARTS = new Set(
  [
    'nguyễn',
    'trần',
    'lê',
    'phạm',
    'hoàng',
    'huỳnh',
    'phan',
    'vũ',
    'võ',
    'đặng',
    'bùi',
    'đỗ',
    'hồ',
    'ngô',
    'dương',
    'lý',
    'đinh',
    'trịnh',
    'mạc',
    'quang',
    'hai',
    'bà',
    'hùng',
    'lạc',
    'an dương',
    'trưng',
    'triệu',
    'cao',
    'chu',
    'tô',
    'đoàn',
    'lương',
    'tôn',
    'hà huy',
  ].map((w) => w.split(' ')[0]!),
);

const headSet = (heads: readonly string[]) => new Set(heads);
const STREET = headSet(STREET_HEADS);
const PERSON = headSet(PERSON_HEADS);
const POI = headSet(POI_HEADS);

/** The head word or two-word head right before word `i`, tone-normalised. */
function headsBefore(words: readonly ScannedWord[], i: number): string[] {
  const out: string[] = [];
  const w1 = words[i - 1];
  if (w1 === undefined || words[i]!.breakBefore) return out;
  out.push(w1.accent);
  const w2 = words[i - 2];
  if (w2 !== undefined && !w1.breakBefore) out.push(`${w2.accent} ${w1.accent}`);
  return out;
}

function blocked(words: readonly ScannedWord[], i: number, sets: readonly Set<string>[]): boolean {
  return headsBefore(words, i).some((h) => sets.some((s) => s.has(h)));
}

const PREFIX_FIRST = new Set(PREFIXES.map((p) => p.words[0]!));

/** The folded words of every unit-type word ("thanh pho", "q"…). */
export const PREFIX_WORDS: readonly (readonly string[])[] = PREFIXES.map((p) => p.words);

function matchPrefix(scan: ScannedText, i: number): Prefix | undefined {
  const { words } = scan;
  if (!PREFIX_FIRST.has(words[i]!.fold)) return undefined;
  for (const p of PREFIXES) {
    const n = p.words.length;
    if (i + n >= words.length) continue;
    let ok = true;
    for (let k = 0; k < n && ok; k++) ok = words[i + k]!.fold === p.words[k];
    if (!ok) continue;
    const head = words.slice(i, i + n);
    const next = words[i + n]!;
    if (next.breakBefore && !head[n - 1]!.dotAfter) continue;
    if (p.abbrev) {
      const w = head[0]!;
      const isNumber = /^\d+$/.test(next.text);
      if (p.words[0]!.length === 1 && !(w.capital || w.dotAfter || isNumber)) continue;
      if (p.words[0] === 'f' && !isNumber) continue;
    } else if (head.some((w) => w.marked)) {
      if (head.map((w) => w.accent).join(' ') !== p.accent) continue;
    } else if (scan.markedShare >= 0.3) {
      continue; // "xa" (far), "quan" written plain among accented words is not a type word
    }
    return p;
  }
  return undefined;
}

/** How a span is written, worked out once per span however many entries it is checked for. */
interface Spelling {
  readonly words: readonly ScannedWord[];
  marked: boolean | undefined;
  accent: string | undefined;
  text: string | undefined;
  /** Folded words joined by spaces. */
  fold: string | undefined;
  /** Every word digits only. */
  number: boolean | undefined;
  /** Every word capitalised. */
  capitalised: boolean | undefined;
}

function spanMarked(span: Spelling): boolean {
  span.marked ??= span.words.some((w) => w.marked);
  return span.marked;
}

function spelledAs(span: Spelling, entry: NameEntry): boolean {
  if (entry.exact !== undefined) {
    span.text ??= span.words.map((w) => w.text).join(' ');
    return span.text === exactWords(entry.exact);
  }
  if (!spanMarked(span)) return true;
  span.accent ??= span.words.map((w) => w.accent).join(' ');
  return span.accent === entry.accent;
}

const exactCache = new Map<string, string>();
/** The words of a case-sensitive alias ("TP.HCM" -> "TP HCM"); a few dozen, so cached. */
function exactWords(exact: string): string {
  let out = exactCache.get(exact);
  if (out === undefined) {
    out = exact.match(/[\p{L}\p{M}\p{N}]+/gu)?.join(' ') ?? '';
    exactCache.set(exact, out);
  }
  return out;
}

/** The entries of a list that hold their type word or need an exact spelling. */
const typedOrExactLists = new WeakMap<readonly NameEntry[], readonly NameEntry[]>();
function typedOrExact(list: readonly NameEntry[]): readonly NameEntry[] {
  let out = typedOrExactLists.get(list);
  if (out === undefined) {
    out = list.filter((e) => e.typed || e.exact !== undefined);
    typedOrExactLists.set(list, out);
  }
  return out;
}

// Depths (word counts) at which a name ends, and its entries, shortest first; reused by every
// lookup (lookups do not nest).
const ends: number[] = [];
const lists: (readonly NameEntry[])[] = [];
/** How many of `ends` and `lists` the current lookup filled (no array length to reset). */
let found = 0;

/**
 * Walks the names starting at word `from` as far as the text follows one, filling `ends` and
 * `lists`; returns how many depths end a name (0: none starts there).
 */
function walk(scan: ScannedText, index: NameIndex, from: number): number {
  const { words } = scan;
  found = 0;
  if (from >= words.length) return 0;
  const start = index.trie.next.get(words[from]!.fold);
  if (start === undefined) return 0;
  let node: NameTrieNode = start;
  for (let n = 1; ; n++) {
    if (node.entries !== undefined) {
      ends[found] = n;
      lists[found] = node.entries;
      found++;
    }
    const w = words[from + n];
    // Punctuation ends a name, except the hyphen of "Bà Rịa - Vũng Tàu" and the dot of "TP.HCM".
    if (w === undefined || (w.breakBefore && !w.joinedBefore)) break;
    const child: NameTrieNode | undefined = node.next.get(w.fold);
    if (child === undefined) break;
    node = child;
  }
  return found;
}

/**
 * The longest name starting at word `from` with entries `accept` takes. `numbersTyped`: a name
 * of digits only can be none but a typed or exact entry (the bare reading accepts no other), so
 * the long lists under "1", "2"… are not walked.
 */
function lookup(
  scan: ScannedText,
  index: NameIndex,
  from: number,
  accept: (entry: NameEntry, span: Spelling) => boolean,
  numbersTyped = false,
): { last: number; entries: NameEntry[] } | undefined {
  if (walk(scan, index, from) === 0) return undefined;
  return pick(scan, from, accept, numbersTyped);
}

/** lookup() over the depths the last walk() found. */
function pick(
  scan: ScannedText,
  from: number,
  accept: (entry: NameEntry, span: Spelling) => boolean,
  numbersTyped: boolean,
): { last: number; entries: NameEntry[] } | undefined {
  const { words } = scan;
  for (let k = found - 1; k >= 0; k--) {
    const n = ends[k]!;
    const span = words.slice(from, from + n);
    const spelling: Spelling = {
      words: span,
      marked: undefined,
      accent: undefined,
      text: undefined,
      fold: undefined,
      number: undefined,
      capitalised: undefined,
    };
    let list = lists[k]!;
    if (numbersTyped) {
      spelling.number = isNumberName(span);
      if (spelling.number) list = typedOrExact(list);
    }
    if (list.length === 0) continue;
    // Most lists hold no entry the span's spelling takes: the list of those it does is made
    // only once one is found.
    let entries: NameEntry[] | undefined;
    for (const e of list) {
      if (!spelledAs(spelling, e) || !accept(e, spelling)) continue;
      if (entries === undefined) entries = [e];
      else entries.push(e);
    }
    if (entries !== undefined) return { last: from + n, entries };
  }
  return undefined;
}

const DIGITS = /^\d+$/;
const isNumberName = (words: readonly ScannedWord[]) => words.every((w) => DIGITS.test(w.text));

/** Candidate spans, left to right, longest first, not overlapping. */
export function findSpans(scan: ScannedText, index: NameIndex): Span[] {
  const { words } = scan;
  const spans: Span[] = [];
  const lowerCaseWriter = scan.capitalShare < 0.08;
  const plainWriter = scan.markedShare < 0.3;
  let i = 0;
  while (i < words.length) {
    const p = matchPrefix(scan, i);
    if (p !== undefined) {
      const from = i + p.words.length;
      const kinds = new Set(p.levels.flatMap((l) => KINDS[l]));
      const found = lookup(scan, index, from, (e) => {
        if (!kinds.has(e.kind) || e.typed) return false;
        if (e.kind === 'formerDistrict' || e.kind === 'province' || e.kind === 'formerProvince') {
          return p.type === null || e.type === p.type || (p.type === 'thành phố' && e.alias);
        }
        return true;
      });
      if (found !== undefined) {
        spans.push({
          start: words[i]!.start,
          end: words[found.last - 1]!.end,
          first: from,
          last: found.last,
          prefix:
            p.levels.length === 1
              ? p.levels[0]!
              : found.entries.some((e) => e.kind === 'province')
                ? 'province'
                : 'district',
          prefixType: p.type,
          candidates: found.entries,
        });
        i = found.last;
        continue;
      }
    }
    const notPlace = NOT_PLACE_FIRST.has(words[i]!.fold)
      ? NOT_PLACES.find((np) => np.split(' ').every((part, k) => words[i + k]?.accent === part))
      : undefined;
    if (notPlace !== undefined) {
      i += notPlace.split(' ').length;
      continue;
    }
    // Most words start no name, or only longer ones than the text goes on with.
    if (walk(scan, index, i) === 0) {
      i++;
      continue;
    }
    let blockedStreetPerson: boolean | undefined;
    let blockedAny: boolean | undefined;
    const bare = pick(
      scan,
      i,
      (e, spelling) => {
        if (e.typed || e.exact !== undefined) return true;
        const span = spelling.words;
        spelling.number ??= isNumberName(span);
        if (spelling.number) return false;
        // Typed without the diacritics its name has ("Nha Trang" has none to leave out).
        const marked = spanMarked(spelling);
        spelling.fold ??= span.map((w) => w.fold).join(' ');
        const plain = !marked && e.accent !== spelling.fold;
        spelling.capitalised ??= span.every((w) => w.capital);
        const capitalised = spelling.capitalised;
        // Social writers capitalise only the first word ("Mỹ tho"), or none ("ship ra bắc ninh"):
        // a name spelled with its diacritics still reads as the place.
        const firstCapital = span[0]!.capital && marked;
        if (e.kind === 'province' || e.kind === 'formerProvince') {
          blockedStreetPerson ??= blocked(words, i, [STREET, PERSON]);
          if (blockedStreetPerson) return false;
          if (plain && !plainWriter && !capitalised) return false;
          if (e.alias || capitalised || lowerCaseWriter) return true;
          return marked && !COMMON_WORD_PROVINCES.has(e.accent);
        }
        if (!(capitalised || (firstCapital && span.length > 1))) return false;
        blockedAny ??= blocked(words, i, [STREET, PERSON, POI]);
        if (blockedAny) return false;
        if (PERSON_NAME_STARTS.has(span[0]!.accent)) return false;
        if (span.length < 2 && e.kind !== 'formerDistrict') return false;
        return !plain || plainWriter;
      },
      true,
    );
    if (bare !== undefined) {
      spans.push({
        start: words[i]!.start,
        end: words[bare.last - 1]!.end,
        first: i,
        last: bare.last,
        prefix: null,
        prefixType: null,
        candidates: bare.entries,
      });
      i = bare.last;
      continue;
    }
    i++;
  }
  return spans;
}
