// The places a text is about: provinces, former districts and communes or wards, each resolved
// to one unit with a confidence. Many names are shared (dozens of "Phường 1", "Châu Thành" in a
// dozen provinces), so a candidate is preferred when the text names its province or district,
// when it lies in the source's home province, and by the date: before 1 July 2025 a name reads
// first as a unit of the former structure, after it as one of today's.

import type { WordRunDictionary } from '../text/word-ids.js';
import { findSpans, type Span } from './find-spans.js';
import { type Gazetteer, loadGazetteer, REORGANISATION_DATE, type Structure } from './gazetteer.js';
import { buildNameIndex, loadAliases, type NameEntry, type NameIndex } from './name-index.js';
import { scanWords } from './scan-words.js';
import { createSpanStartFilter } from './span-starts.js';

export type PlaceLevel = 'province' | 'city' | 'district' | 'ward' | 'commune';

export interface PlaceMention {
  /** As written in the text (NFC), type word included. */
  surface: string;
  /** Offsets in the NFC form of the text. */
  start: number;
  end: number;
  level: PlaceLevel;
  /** Name of the province in today's structure. */
  province: string;
  provinceCode: string;
  /**
   * Today's code for provinces, cities and communes or wards that map to one unit of today;
   * the former code for districts and for former wards divided between several units.
   */
  code: string;
  /** Which structure `code` belongs to. */
  structure: Structure;
  /** The unit's code in the former structure, when the text named a former unit. */
  formerCode?: string;
  /** Today's communes and wards a former district or divided ward became. */
  wards?: readonly string[];
  confidence: number;
}

export interface PlaceContext {
  /** When the text was published (ISO date or Date): decides which structure a name reads in. */
  publishedAt?: string | Date | null;
  /** The source's home province: a code or a name, of either structure. */
  province?: string | null;
  /** Mentions below this confidence are left out (default 0.5). */
  minConfidence?: number;
}

export interface PlaceTagger {
  readonly gazetteer: Gazetteer;
  tag(text: string, context?: PlaceContext): PlaceMention[];
  /**
   * False when the text whose word runs (of its NFC form) have these ids names no place: tag()
   * would find none. Most texts are turned down by an array read per word.
   */
  mayName(dictionary: WordRunDictionary, ids: Int32Array, count?: number): boolean;
  /** Today's province code for a code or name of either structure, or undefined. */
  resolveProvince(codeOrName: string): string | undefined;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

interface Scored {
  entry: NameEntry;
  score: number;
  /** Named province, district or home province agree with it. */
  supported: boolean;
}

export function createPlaceTagger(gazetteer: Gazetteer, index: NameIndex): PlaceTagger {
  const provinceOf = (e: NameEntry): string => {
    switch (e.kind) {
      case 'province':
        return e.code;
      case 'formerProvince':
        return gazetteer.formerProvince(e.code)!.successor;
      case 'formerDistrict':
        return gazetteer.formerDistrict(e.code)!.province;
      case 'ward':
        return gazetteer.ward(e.code)!.province;
      case 'formerWard':
        return gazetteer.formerWard(e.code)!.province;
    }
  };

  const formerProvinceOf = (e: NameEntry): string | undefined => {
    if (e.kind === 'formerDistrict') return gazetteer.formerDistrict(e.code)!.formerProvince;
    if (e.kind === 'formerWard') return gazetteer.formerWard(e.code)!.formerProvince;
    return undefined;
  };

  /** Today's province and, when the name or code is of a former province, that one too. */
  const resolveHome = (codeOrName: string): { today?: string; former?: string } => {
    const s = codeOrName.trim();
    if (/^\d{1,2}$/.test(s)) {
      const code = s.padStart(2, '0');
      const former = gazetteer.formerProvince(code);
      return { today: gazetteer.province(code)?.code ?? former?.successor, former: former?.code };
    }
    const scan = scanWords(s);
    const words = scan.words.filter((w, i) => i > 0 || !/^(tinh|thanh|tp)$/.test(w.fold));
    const key = (words[0]?.fold === 'pho' ? words.slice(1) : words).map((w) => w.fold).join(' ');
    const entries = index.byKey.get(key) ?? [];
    const today = entries.find((e) => e.kind === 'province' || e.kind === 'formerProvince');
    const formerName = gazetteer.formerProvinces.find(
      (p) =>
        scanWords(p.name)
          .words.map((w) => w.fold)
          .join(' ') === key,
    );
    return { today: today && provinceOf(today), former: formerName?.code };
  };

  const homes = new Map<string, { today?: string; former?: string }>();

  const resolveProvince = (codeOrName: string): string | undefined => {
    const s = codeOrName.trim();
    if (/^\d{1,2}$/.test(s)) {
      const code = s.padStart(2, '0');
      return gazetteer.province(code)?.code ?? gazetteer.formerProvince(code)?.successor;
    }
    const scan = scanWords(s);
    const words = scan.words.filter((w, i) => i > 0 || !/^(tinh|thanh|tp)$/.test(w.fold));
    const key = (words[0]?.fold === 'pho' ? words.slice(1) : words).map((w) => w.fold).join(' ');
    const entry = index.byKey
      .get(key)
      ?.find((e) => e.kind === 'province' || e.kind === 'formerProvince');
    return entry === undefined ? undefined : provinceOf(entry);
  };

  const tag = (text: string, context: PlaceContext = {}): PlaceMention[] => {
    const scan = scanWords(text);
    const spans = findSpans(scan, index);
    if (spans.length === 0) return [];
    const nfc = text.normalize('NFC');
    const minConfidence = context.minConfidence ?? 0.5;
    let homeUnit = context.province ? homes.get(context.province) : {};
    if (homeUnit === undefined && context.province) {
      homeUnit = resolveHome(context.province);
      if (homes.size < 1000) homes.set(context.province, homeUnit);
    }
    homeUnit ??= {};
    const home = homeUnit.today;
    const published =
      context.publishedAt == null
        ? null
        : (context.publishedAt instanceof Date
            ? context.publishedAt.toISOString()
            : String(context.publishedAt)
          ).slice(0, 10);
    const former = published !== null && published < REORGANISATION_DATE;

    // Provinces named outright anchor every other reading.
    const named = new Map<string, number>(); // province -> offset of its first mention
    const kindsOf = (s: Span) => new Set(s.candidates.map((e) => e.kind));
    const isProvinceSpan = (s: Span) =>
      s.candidates.some((e) => e.kind === 'province' || e.kind === 'formerProvince') &&
      (s.prefix === 'province' || s.prefix === null);
    for (const s of spans) {
      if (!isProvinceSpan(s)) continue;
      const codes = new Set(
        s.candidates
          .filter((e) => e.kind === 'province' || e.kind === 'formerProvince')
          .map(provinceOf),
      );
      if (codes.size === 1) {
        const code = [...codes][0]!;
        if (!named.has(code)) named.set(code, s.start);
      }
    }
    const mentionedDistricts = new Set<string>();
    // Former provinces named outright ("tỉnh Tiền Giang") narrow former districts and wards.
    const namedFormer = new Set<string>();
    for (const s of spans) {
      if (!isProvinceSpan(s)) continue;
      const formers = s.candidates.filter((e) => e.kind === 'formerProvince');
      if (formers.length === 1) namedFormer.add(formers[0]!.code);
      for (const e of s.candidates) {
        if (e.kind === 'province' && gazetteer.formerProvince(e.code)?.successor === e.code) {
          if (s.candidates.length === 1) namedFormer.add(e.code);
        }
      }
    }
    const usesFormerStructure = spans.some(
      (s) => s.prefix === 'district' || (s.prefix === null && kindsOf(s).has('formerDistrict')),
    );

    const out: PlaceMention[] = [];
    const emit = (s: Span, m: Omit<PlaceMention, 'surface' | 'start' | 'end'>) => {
      if (m.confidence < minConfidence) return;
      out.push({ surface: nfc.slice(s.start, s.end), start: s.start, end: s.end, ...m });
    };

    // Districts and wards written out ("quận 3", "Thủ Đức"), all of whose readings lie in one
    // province, place the others: "ở q8 … ở Thủ Đức" reads q8 as Ho Chi Minh City's.
    const glued = (s: Span) =>
      s.prefix !== null && scan.words[s.first]!.start === scan.words[s.first - 1]!.end;
    const nameOf = (s: Span) =>
      scan.words
        .slice(s.first, s.last)
        .map((w) => w.fold)
        .join(' ');
    const anchors = new Map<Span, string>();
    for (const s of spans) {
      if (isProvinceSpan(s) || glued(s)) continue;
      if (s.prefix === null && /^\d+$/.test(scan.words[s.first]!.text)) continue;
      const provinces = new Set(s.candidates.map(provinceOf));
      if (provinces.size === 1) anchors.set(s, [...provinces][0]!);
    }
    const anchoredElsewhere = (s: Span, p: string) => {
      // Another name: a name said twice does not place itself.
      for (const [other, province] of anchors) {
        if (province === p && nameOf(other) !== nameOf(s)) return true;
      }
      return false;
    };

    const score = (s: Span, e: NameEntry): Scored => {
      const p = provinceOf(e);
      let value = 0;
      let supported = false;
      if (named.has(p)) {
        value += 2;
        supported = true;
      } else if (e.kind !== 'province' && e.kind !== 'formerProvince' && anchoredElsewhere(s, p)) {
        value += 1;
        supported = true;
      }
      if (home === p) {
        value += 1;
        supported = true;
      }
      if (
        e.kind === 'formerWard' &&
        mentionedDistricts.has(gazetteer.formerWard(e.code)!.district)
      ) {
        value += 3;
        supported = true;
      }
      if (e.kind === 'ward' && mentionedDistricts.size > 0) {
        if (gazetteer.formerDistrictsOf(e.code).some((d) => mentionedDistricts.has(d.code))) {
          value += 2;
          supported = true;
        }
      }
      if (e.kind === 'formerWard' || e.kind === 'formerDistrict') {
        value += former || usesFormerStructure ? 0.5 : 0;
      } else if (e.kind === 'ward') {
        value += former || usesFormerStructure ? 0 : 0.5;
      }
      if (s.prefixType !== null && e.type === s.prefixType) value += 0.6;
      if (namedFormer.size > 0 && formerProvinceOf(e) !== undefined) {
        if (namedFormer.has(formerProvinceOf(e)!)) value += 1;
      }
      if (homeUnit.former !== undefined && formerProvinceOf(e) === homeUnit.former) value += 0.5;
      return { entry: e, score: value, supported };
    };

    /** Best candidate and a confidence from how many there were and how clearly it won. */
    const choose = (s: Span, entries: readonly NameEntry[], base: number) => {
      const ranked = entries.map((e) => score(s, e)).sort((a, b) => b.score - a.score);
      const best = ranked[0]!;
      const distinct = new Set(ranked.map((r) => todayKey(r.entry)));
      const rivals = ranked.filter(
        (r) => r.score >= best.score - 0.25 && todayKey(r.entry) !== todayKey(best.entry),
      );
      let confidence: number;
      if (distinct.size === 1) confidence = best.supported ? Math.min(0.98, base + 0.05) : base;
      else if (rivals.length === 0 && best.supported) confidence = Math.min(0.95, base - 0.05);
      else confidence = (base * 0.9) / (rivals.length + 1);
      return { best: best.entry, confidence };
    };

    /** One key per unit of today, so a former ward and the ward it became count as one. */
    const todayKey = (e: NameEntry): string => {
      if (e.kind === 'formerWard') {
        const w = gazetteer.formerWard(e.code)!;
        return w.wards.length === 1 ? `w${w.wards[0]}` : `fw${e.code}`;
      }
      if (e.kind === 'ward') return `w${e.code}`;
      if (e.kind === 'formerProvince' || e.kind === 'province') return `p${provinceOf(e)}`;
      return `d${e.code}`;
    };

    const plainSpan = (s: Span) =>
      !scan.words.slice(s.first, s.last).some((w) => w.marked) && scan.markedShare >= 0.3;

    // Provinces and cities.
    for (const s of spans) {
      if (!isProvinceSpan(s)) continue;
      const entries = s.candidates.filter(
        (e) => e.kind === 'province' || e.kind === 'formerProvince',
      );
      const base = s.prefix === 'province' ? 0.97 : plainSpan(s) ? 0.8 : 0.92;
      const { best, confidence } = choose(s, entries, base);
      const code = provinceOf(best);
      const p = gazetteer.province(code)!;
      emit(s, {
        level: p.type === 'thành phố' ? 'city' : 'province',
        province: p.name,
        provinceCode: code,
        code,
        structure: 'current',
        ...(best.kind === 'formerProvince' ? { formerCode: best.code } : {}),
        confidence: round2(confidence),
      });
    }

    // Former districts (and today's wards named after one, read as the ward after the change).
    for (const s of spans) {
      if (isProvinceSpan(s)) continue;
      const districts = s.candidates.filter((e) => e.kind === 'formerDistrict');
      if (districts.length === 0 || s.prefix === 'ward') continue;
      const base = s.prefix !== null ? 0.95 : plainSpan(s) ? 0.6 : 0.75;
      const chosen = choose(s, districts, base);
      const { best } = chosen;
      let { confidence } = chosen;
      // A bare name, or one glued to its letter ("Q7", also a car model), needs the text or the
      // source to place it, unless every unit of that name lies in one province.
      const oneProvince = new Set(s.candidates.map(provinceOf)).size === 1;
      if ((s.prefix === null && !oneProvince) || glued(s)) {
        if (!score(s, best).supported) confidence = Math.min(confidence, 0.45);
      }
      const d = gazetteer.formerDistrict(best.code)!;
      const sameNameWard =
        s.prefix === null && published !== null && !former
          ? s.candidates.find((e) => e.kind === 'ward' && provinceOf(e) === d.province)
          : undefined;
      if (sameNameWard !== undefined) {
        emitWard(s, sameNameWard, confidence * 0.85);
        continue;
      }
      if (confidence >= minConfidence) mentionedDistricts.add(d.code);
      emit(s, {
        level: 'district',
        province: gazetteer.province(d.province)!.name,
        provinceCode: d.province,
        code: d.code,
        structure: 'former',
        formerCode: d.code,
        wards: d.wards,
        confidence: round2(confidence),
      });
    }

    // Communes and wards.
    for (const s of spans) {
      if (isProvinceSpan(s)) continue;
      const wards = s.candidates.filter((e) => e.kind === 'ward' || e.kind === 'formerWard');
      if (wards.length === 0) continue;
      if (s.prefix === null && s.candidates.some((e) => e.kind === 'formerDistrict')) continue;
      if (s.prefix !== null && s.prefix !== 'ward') continue;
      const numbered = /^\d+$/.test(scan.words[s.first]!.text);
      const usable = numbered ? wards.filter((e) => e.kind === 'formerWard') : wards;
      if (usable.length === 0) continue;
      const base = s.prefix !== null ? (plainSpan(s) ? 0.85 : 0.93) : 0.6;
      const { best, confidence } = choose(s, usable, base);
      const supported = score(s, best).supported;
      // A bare name, or a number, with nothing in the text or source to place it is not read.
      if ((s.prefix === null || numbered) && !supported) {
        continue;
      }
      emitWard(s, best, confidence);
    }

    function emitWard(s: Span, e: NameEntry, confidence: number): void {
      if (e.kind === 'ward') {
        const w = gazetteer.ward(e.code)!;
        emit(s, {
          level: w.type === 'phường' ? 'ward' : 'commune',
          province: gazetteer.province(w.province)!.name,
          provinceCode: w.province,
          code: w.code,
          structure: 'current',
          confidence: round2(confidence),
        });
        return;
      }
      const fw = gazetteer.formerWard(e.code)!;
      const single = fw.wards.length === 1;
      emit(s, {
        level: fw.type === 'phường' ? 'ward' : 'commune',
        province: gazetteer.province(fw.province)!.name,
        provinceCode: fw.province,
        code: single ? fw.wards[0]! : fw.code,
        structure: single ? 'current' : 'former',
        formerCode: fw.code,
        wards: fw.wards,
        confidence: round2(confidence),
      });
    }

    // One mention per unit: the most confident reading, at its first place in the text.
    const byUnit = new Map<string, PlaceMention>();
    for (const m of out.sort((a, b) => a.start - b.start)) {
      const key = `${m.level}:${m.code}`;
      const seen = byUnit.get(key);
      if (seen === undefined) byUnit.set(key, m);
      else if (m.confidence > seen.confidence) seen.confidence = m.confidence;
    }
    return [...byUnit.values()];
  };

  const starts = createSpanStartFilter(index);
  return { gazetteer, tag, resolveProvince, mayName: starts.mayName };
}

let cached: PlaceTagger | undefined;

/** The tagger over the committed gazetteer and aliases, built once. */
export function defaultPlaceTagger(): PlaceTagger {
  if (cached === undefined) {
    const gazetteer = loadGazetteer();
    cached = createPlaceTagger(gazetteer, buildNameIndex(gazetteer, loadAliases()));
  }
  return cached;
}

/** The places `text` is about, with the default gazetteer. Pure: no I/O after the first call. */
export function tagPlaces(text: string, context?: PlaceContext): PlaceMention[] {
  return defaultPlaceTagger().tag(text, context);
}
