// Lời từ chối của ngôn ngữ truy vấn bằng tiếng Việt, theo mã: mọi mã trong
// src/query/syntax-codes.ts. Hiện ngay dưới ô truy vấn nên không nhắc lại tên ô.
import type { QuerySyntaxCode } from '../../../src/query/syntax-codes.js';

export const queryErrorsVi: Record<QuerySyntaxCode, string> = {
  query_too_long:
    'Lỗi truy vấn ở vị trí {position}: truy vấn dài {length} ký tự; giới hạn là {maximum}.',
  query_too_deep: 'Lỗi truy vấn ở vị trí {position}: ngoặc lồng sâu quá {maximum} cấp.',
  query_too_many_terms: 'Lỗi truy vấn ở vị trí {position}: có hơn {maximum} từ khoá.',
  query_unexpected_token: 'Lỗi truy vấn ở vị trí {position}: cần {expected} nhưng gặp {found}.',
  query_unmatched_paren: 'Lỗi truy vấn ở vị trí {position}: dấu “)” không đóng dấu “(” nào.',
  query_unclosed_phrase:
    'Lỗi truy vấn ở vị trí {position}: cụm từ mở ở vị trí {opened} chưa được đóng bằng dấu ".',
  query_only_excludes:
    'Lỗi truy vấn ở vị trí {position}: truy vấn chỉ loại trừ (NOT hoặc -); hãy thêm ít nhất một từ, cụm từ hoặc trường cần tìm.',
  query_dangling_minus:
    'Lỗi truy vấn ở vị trí {position}: sau “-” phải là một từ, cụm từ hoặc “(” (viết -từ để loại một từ).',
  query_dangling_equals:
    'Lỗi truy vấn ở vị trí {position}: sau “=” phải là một từ hoặc cụm từ (viết =từ để khớp đúng dấu).',
  query_star_inside_word:
    'Lỗi truy vấn ở vị trí {position}: dấu “*” chỉ được đặt ở cuối từ (ví dụ ngập*).',
  query_short_prefix:
    'Lỗi truy vấn ở vị trí {position}: ký tự đại diện cần ít nhất {minimum} chữ hoặc số trước “*”.',
  query_no_letters: 'Lỗi truy vấn ở vị trí {position}: “{token}” không có chữ hoặc số để tìm.',
  query_phrase_no_letters: 'Lỗi truy vấn ở vị trí {position}: cụm từ không có chữ hoặc số để tìm.',
  query_phrase_needs_space:
    'Lỗi truy vấn ở vị trí {position}: cần một dấu cách sau cụm từ nhưng gặp {found}.',
  query_proximity_number:
    'Lỗi truy vấn ở vị trí {position}: cần một số sau “~” (ví dụ "kẹt xe"~5) nhưng gặp {found}.',
  query_proximity_one_word:
    'Lỗi truy vấn ở vị trí {position}: khoảng cách (~N) cần một cụm từ có từ hai từ trở lên.',
  query_proximity_in_field:
    'Lỗi truy vấn ở vị trí {position}: không dùng được khoảng cách (~N) trong {queryField}:.',
  query_near_distance_number:
    'Lỗi truy vấn ở vị trí {position}: cần một số sau “NEAR/” (ví dụ NEAR/5) nhưng gặp “{token}”.',
  query_near_distance_too_large:
    'Lỗi truy vấn ở vị trí {position}: khoảng cách {distance} lớn hơn mức tối đa {maximum}.',
  query_near_mixed_distance:
    'Lỗi truy vấn ở vị trí {position}: một chuỗi NEAR phải dùng một khoảng cách (đang có NEAR/{first} và NEAR/{second}).',
  query_near_operand:
    'Lỗi truy vấn ở vị trí {position}: NEAR chỉ nối các từ hoặc cụm từ; hãy đặt bộ lọc trường và nhóm ngoặc bao quanh cả biểu thức NEAR.',
  query_near_in_field:
    'Lỗi truy vấn ở vị trí {position}: không dùng được NEAR trong {queryField}:.',
  query_nested_field:
    'Lỗi truy vấn ở vị trí {position}: không lồng bộ lọc trường vào nhau ({queryField}: nằm trong một trường khác).',
  query_missing_value:
    'Lỗi truy vấn ở vị trí {position}: ngay sau “{queryField}:” cần một từ, cụm từ hoặc “(” nhưng gặp {found}.',
  query_empty_value: 'Lỗi truy vấn ở vị trí {position}: {queryField}: cần có giá trị.',
  query_unknown_value:
    'Lỗi truy vấn ở vị trí {position}: {queryField}: “{value}” không phải một trong {allowed}.',
  query_unknown_place:
    'Lỗi truy vấn ở vị trí {position}: không có tỉnh, quận huyện cũ hay phường xã nào tên “{value}”.',
  query_unknown_sector:
    'Lỗi truy vấn ở vị trí {position}: không có lĩnh vực nào tên “{value}” (mã: {allowed}).',
  query_whole_name:
    'Lỗi truy vấn ở vị trí {position}: {queryField}: cần tên hoặc mã đầy đủ; không dùng được “*”.',
  query_site_wildcard:
    'Lỗi truy vấn ở vị trí {position}: site: đã khớp cả tên miền con; không cần “*”.',
};

/** Điều trình phân tích cần hoặc gặp, khi đó không phải chính chữ trong truy vấn. */
export const queryWordsVi: Record<string, string> = {
  "a term, phrase or '('": 'một từ, cụm từ hoặc “(”',
  "')'": '“)”',
  'end of query': 'cuối truy vấn',
  'a space': 'dấu cách',
};
