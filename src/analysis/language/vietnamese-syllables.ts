// The inventory of Vietnamese syllables with diacritics folded away ("được" -> "duoc"),
// generated from onsets and rhymes. Text typed without accents is recognised by how many of its
// words fall in this set; it over-generates a little (any onset with any rhyme), which is fine
// for telling Vietnamese apart from other languages.

const ONSETS = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'g',
  'gh',
  'gi',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'ngh',
  'nh',
  'p',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
];

// Folded rhymes: ă/â -> a, ê -> e, ô/ơ -> o, ư -> u.
const RHYMES = `a ai ao au ay an ang anh am ap at ac ach
e eo en eng em ep et ec enh ech
i ia iu in inh im ip it ich ieu ien iet iem iep ieng iec
o oa oai oay oan oang oanh oac oach oat oap oam oe oen oet oeo oi on ong om op ot oc oo oong ooc
u ua uy uya uyen uyet uynh uych uyu ui un ung um up ut uc ue uen uet uan uang uat uac uau uay
uoi uon uong uom uot uoc uop uu uo uou uyt uyn uan uanh uenh
y yeu yen yet yem eu ynh ych`
  .split(/\s+/)
  .filter((r) => r !== '');

function build(): Set<string> {
  const set = new Set<string>();
  for (const onset of ONSETS) {
    for (const rhyme of RHYMES) {
      // Spelling rules remove impossible pairs cheaply: "qu" takes no rhyme starting in u,
      // "gi" no rhyme starting in i.
      if (onset === 'qu' && rhyme.startsWith('u')) continue;
      if (onset === 'gi' && rhyme.startsWith('i')) continue;
      // /k/ is k before i e ê y and c elsewhere; /ɣ/ and /ŋ/ take an h before i e ê.
      const front = /^[iey]/.test(rhyme);
      if (onset === 'k' && !front) continue;
      if (onset === 'c' && front) continue;
      if ((onset === 'gh' || onset === 'ngh') && !/^[ie]/.test(rhyme)) continue;
      if ((onset === 'ng' && /^[ie]/.test(rhyme)) || (onset === 'g' && rhyme.startsWith('e'))) {
        continue;
      }
      set.add(onset + rhyme);
    }
  }
  return set;
}

export const FOLDED_VIETNAMESE_SYLLABLES: ReadonlySet<string> = build();

/**
 * Frequent Vietnamese function words (folded) that rarely form words of other Latin-script
 * languages: a text full of them is Vietnamese even when short.
 */
export const VIETNAMESE_MARKER_WORDS: ReadonlySet<string> = new Set(
  `khong duoc nguoi nhung cua mot nhieu voi trong nay minh chung toi ban thi roi nua lam
  nhu the nao gi dau sao vay nhe nha oi qua that rat cung van chua da dang se bi boi
  vi neu khi thuong duong nuoc viet nam ngay nam thang gio chi anh em ong ba co chu cau
  moi hay biet muon nghi thay noi xem dep tot xau`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/**
 * Social-media shorthand for Vietnamese words ("ko" = không, "dc" = được, "j" = gì): not
 * syllables, but as Vietnamese as the words they stand for.
 */
export const VIETNAMESE_SHORTHAND: ReadonlySet<string> = new Set(
  `ko k kg kh khum hok hem dc dk ntn j bik bit lm mk mik mn mng nch vs r ak ah uh ukm ok vn
  cx cg ng nguoi bn b t e a c mj sp tl ib inbox thik thich hix hic huhu kkk
  vcl vkl vl cl dm dmm dcm dkm clm vd ngta ae ak ad acc cmt dt tq bh mng`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** English loanwords common in Vietnamese comments; they count for neither side. */
export const COMMON_LOANWORDS: ReadonlySet<string> = new Set(
  `ok okay shop like fan page facebook fb live stream game online sale order ship idol clip
  video app wifi laptop iphone android haha hihi hehe kaka size style team test fake hot trend
  check sub view vlog camera pin pro max oke okie okei slide course note lab vote
  link post share comment selfie`
    .split(/\s+/)
    .filter((w) => w !== ''),
);
