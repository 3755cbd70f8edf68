import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.js';

// Sentences written for this test: everyday Urdu and Arabic on the same subjects.
const URDU = [
  'آج کراچی میں بہت بارش ہوئی اور سڑکوں پر پانی کھڑا ہے۔',
  'میں کل لاہور جا رہا ہوں، آپ بھی چلیں گے؟',
  'یہ فون بہت اچھا ہے لیکن قیمت زیادہ ہے',
  'حکومت نے بجلی کے نرخ بڑھا دیے، لوگ پریشان ہیں',
  'شکریہ',
  'بچوں کو اسکول چھوڑ کر آیا',
];
const ARABIC = [
  'هطلت أمطار غزيرة اليوم في القاهرة وغمرت المياه الشوارع.',
  'سأذهب إلى دبي غدا، هل تأتي معي؟',
  'هذا الهاتف جيد جدا لكن سعره مرتفع',
  'رفعت الحكومة أسعار الكهرباء والناس غاضبون',
  'شكرا لك على المساعدة',
  'ذهبت إلى المدرسة مع أخي',
];

describe('Urdu and Arabic', () => {
  it('labels Urdu sentences Urdu, not Arabic', () => {
    for (const text of URDU) expect(detectLanguage(text).lang, text).toBe('ur');
  });

  it('keeps Arabic sentences Arabic', () => {
    for (const text of ARABIC) expect(detectLanguage(text).lang, text).toBe('ar');
  });
});
