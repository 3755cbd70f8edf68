import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('splits at a full stop, question or exclamation mark before a capital', () => {
    expect(splitSentences('Trời mưa to. Đường ngập nặng! Ai chịu trách nhiệm? Chưa rõ.')).toEqual([
      'Trời mưa to.',
      'Đường ngập nặng!',
      'Ai chịu trách nhiệm?',
      'Chưa rõ.',
    ]);
  });

  it('keeps dotted place names and numbers whole', () => {
    expect(
      splitSentences('TP.HCM ghi nhận 1.000 ca ở Q.1 ngày 21.11.2022, giá 1.188-1.570 đồng. Hết.'),
    ).toEqual(['TP.HCM ghi nhận 1.000 ca ở Q.1 ngày 21.11.2022, giá 1.188-1.570 đồng.', 'Hết.']);
  });

  it('does not split after an abbreviation or an initial followed by a space', () => {
    expect(
      splitSentences('PGS. TS. Lê Văn Bình ở TP. Thủ Đức và Q. 3 gặp ông Nguyễn V. An. Xong.'),
    ).toEqual(['PGS. TS. Lê Văn Bình ở TP. Thủ Đức và Q. 3 gặp ông Nguyễn V. An.', 'Xong.']);
  });

  it('does not split before a lower-case word, as after an ellipsis inside a sentence', () => {
    expect(splitSentences('Anh ấy mới... mạnh dạn bước ra. Sau đó về.')).toEqual([
      'Anh ấy mới... mạnh dạn bước ra.',
      'Sau đó về.',
    ]);
  });

  it('keeps a closing quote with its sentence and opens the next at a quote', () => {
    expect(splitSentences('Ông nói: "Rất tốt." "Cảm ơn" là câu cuối.')).toEqual([
      'Ông nói: "Rất tốt."',
      '"Cảm ơn" là câu cuối.',
    ]);
  });

  it('splits at line breaks and between bulletin headlines', () => {
    expect(splitSentences('Tiêu đề bài báo\nTóm tắt | Tin thứ hai\r\n\n')).toEqual([
      'Tiêu đề bài báo',
      'Tóm tắt',
      'Tin thứ hai',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});
