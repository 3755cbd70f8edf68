// The methods paragraph of a report in Vietnamese, for PDFs read in Vietnamese: the same
// statements as the report's `methods` (written in English in its JSON), with its figures.
import type { PolicyAssessment } from '../policy/assess-policy.js';
import { BASELINE_WEEKS, MAX_GROWTH } from '../weekly/issue-score.js';
import type { WeeklyReport } from '../weekly/weekly-report.js';

export function policyMethodsVi(a: PolicyAssessment): string[] {
  const level = Math.round((a.before.sentiment?.level ?? a.after.sentiment?.level ?? 0.9) * 100);
  return [
    `Giai đoạn: ${a.before.days} ngày trước ngày ban hành, và ngày ban hành cùng ${a.after.days - 1} ngày sau đó (giờ ${a.timeZone}); giai đoạn chưa kết thúc được tính đến thời điểm lập báo cáo.`,
    `Tỷ lệ quan điểm là ước lượng đã hiệu chỉnh theo sai số đo được của mô hình phân loại, kèm khoảng tin cậy ${level} %, không phải đếm nhãn dự đoán.`,
    `Thay đổi tỷ lệ tiêu cực: kiểm định Wald cho hiệu hai tỷ lệ đã hiệu chỉnh, phương sai lấy từ các lần rút mẫu ghép cặp của bộ ước lượng; có ý nghĩa khi p < ${a.negativeShare.alpha}.`,
    `Thay đổi lượng đề cập: kiểm định hoán vị hai phía trên hiệu trung bình số đề cập mỗi ngày, chỉ tính các ngày đã trọn; có ý nghĩa khi p < ${a.volume.alpha}.`,
    'Ý kiến: các từ của đề cập tiêu cực (hoặc tích cực) sau ngày ban hành, so với cùng phía trước đó; ví dụ ưu tiên nguồn công khai, không nêu tên cá nhân.',
    `Số liệu từ ít hơn ${a.minDistinctAuthors} tác giả khác nhau bị ẩn.`,
  ];
}

export function weeklyMethodsVi(r: WeeklyReport): string[] {
  return [
    `Tuần: thứ Hai đến Chủ nhật theo giờ ${r.timeZone}; mức nền: ${BASELINE_WEEKS} tuần trước đó.`,
    'Vấn đề: câu chuyện (các bài về cùng một sự việc, bản sao gần giống được gắn với nơi đăng đầu tiên) và nhóm lĩnh vực × địa bàn (từng phường/xã được nêu, nếu không thì tỉnh/thành); đếm tác giả khác nhau và bài gốc, không đếm bài đăng lại.',
    `Điểm = số tác giả khác nhau × tỷ lệ tiêu cực × mức tăng. Tỷ lệ tiêu cực: ước lượng đã hiệu chỉnh khi đủ bài, nếu không thì (tiêu cực + 1) / (có nhãn + 2). Mức tăng: (tác giả + 1) / (tác giả mỗi tuần của ${BASELINE_WEEKS} tuần trước + 1), tối đa ${MAX_GROWTH}.`,
    'Ví dụ tiêu biểu: nguồn công khai (báo, trang, kênh) trước, rồi bài có tương tác cao nhất; không nêu tên cá nhân và không kèm địa chỉ bài của cá nhân.',
    `Vấn đề có ít hơn ${r.minDistinctAuthors} tác giả khác nhau không được hiển thị.`,
  ];
}
