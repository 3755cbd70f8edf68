// Lời từ chối của máy chủ bằng tiếng Việt, theo mã: mọi mã trong src/http/error-codes.ts.
import type { ApiErrorCode, NotFoundThing } from '../../../src/http/error-codes.js';
import { queryErrorsVi } from './query-errors-vi.js';

export const errorsVi: Record<ApiErrorCode, string> = {
  bad_request: 'Yêu cầu không hợp lệ: {detail}',
  unauthorized: 'Chưa đăng nhập: {detail}',
  forbidden: 'Không được phép: {detail}',
  not_found_detail: 'Không tìm thấy: {detail}',
  conflict: 'Xung đột: {detail}',
  payload_too_large: 'Dữ liệu gửi lên quá lớn.',
  unsupported_media_type: 'Kiểu nội dung không được hỗ trợ: {detail}',
  too_many_requests: 'Quá nhiều yêu cầu: {detail}',
  internal_error: 'Máy chủ gặp lỗi; vui lòng thử lại.',
  not_implemented: 'Máy chủ này không hỗ trợ: {detail}',
  unavailable: 'Tạm thời không dùng được: {detail}',
  storage_full:
    'Ổ đĩa của máy chủ đã đầy ({path}): chưa lưu được gì; hãy nhờ quản trị viên giải phóng dung lượng.',
  not_found: 'Không tìm thấy {what}.',
  no_route: 'Máy chủ không có địa chỉ {method} {path}.',
  unknown_parameter: '“{field}” không phải tham số ở đây; được phép: {allowed}.',
  invalid_choice: '{field}: phải là một trong {allowed}.',
  invalid_type: '{field}: cần giá trị kiểu {expected}.',
  too_small: '{field}: tối thiểu {minimum}.',
  too_big: '{field}: tối đa {maximum}.',
  invalid_format: '{field}: không đúng định dạng {format}.',
  invalid_value: 'Giá trị không hợp lệ ở {field}: {detail}',
  invalid_json: 'Dữ liệu gửi lên không phải JSON hợp lệ.',
  json_required: 'Dữ liệu gửi lên phải là JSON.',
  date_out_of_range: '{field}: {value} nằm ngoài khoảng cho phép từ {earliest} đến {latest}.',
  ...queryErrorsVi,
  query_timeout:
    'Truy vấn chạy quá {budgetMs} ms nên đã bị dừng; hãy thu hẹp khoảng thời gian hoặc đơn giản hoá truy vấn.',
  source_private_address:
    '{host} là địa chỉ nội bộ, loopback hoặc link-local; nghe từ chối các địa chỉ này trừ khi bật {setting}.',
  source_url_invalid: 'Không phải địa chỉ nguồn: {detail}',
  source_exists: 'Nguồn này đã có (#{id}).',
  unknown_place: '{field}: không có tỉnh, quận/huyện cũ hay phường/xã nào tên “{value}”.',
  unknown_sector: '{field}: không có lĩnh vực nào tên “{value}”.',
  purpose_required: '{field}: hãy chọn chức năng của đơn vị mà chủ đề này phục vụ ({allowed}).',
  justification_too_short: '{field}: hãy nêu lý do cần chủ đề này, ít nhất {minimum} ký tự.',
  topic_name_taken: 'Đã có chủ đề tên “{name}” (#{id}).',
  sign_in_required: 'Vui lòng đăng nhập lại.',
  rate_limited:
    'Quá nhiều yêu cầu: tối đa {perSecond} mỗi giây (dồn tối đa {burst}); hãy thử lại sau {retryAfter} giây.',
};

export const thingsVi: Record<NotFoundThing, string> = {
  topic: 'chủ đề',
  mention: 'đề cập',
  source: 'nguồn',
  'alert rule': 'quy tắc cảnh báo',
  alert: 'cảnh báo',
  user: 'người dùng',
  unit: 'đơn vị',
  'active token': 'mã truy cập đang dùng',
};
