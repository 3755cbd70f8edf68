// Vietnamese and English text of the report and policy pages, kept beside them.
import { type Lang, useLocale } from '../i18n/locale.js';

const vi = {
  reportsTitle: 'Báo cáo',
  reportsIntro:
    'Các vấn đề nổi bật trong tuần của một địa bàn, và phản hồi của người dân với một chính sách. Báo cáo theo lịch được lưu ở đây và gửi e-mail dạng PDF.',
  archive: 'Báo cáo đã lưu',
  noReports: 'Chưa có báo cáo nào.',
  weekly: 'Báo cáo tuần',
  policy: 'Chính sách',
  generateWeekly: 'Lập báo cáo tuần',
  areaLevel: 'Cấp',
  levelProvince: 'Tỉnh / thành phố',
  levelWard: 'Phường / xã',
  place: 'Địa bàn (tên hoặc mã)',
  week: 'Tuần (ví dụ 2025-W36, để trống: tuần trước)',
  generate: 'Lập báo cáo',
  generating: 'Đang lập…',
  policies: 'Chính sách đang theo dõi',
  noPolicies: 'Chưa có chính sách nào.',
  addPolicy: 'Thêm chính sách',
  policyName: 'Tên chính sách',
  policyQuery: 'Truy vấn',
  promulgatedOn: 'Ngày ban hành',
  add: 'Thêm',
  open: 'Mở',
  weeklyTitle: 'Các vấn đề nổi bật tuần {week}: {area}',
  noIssues: 'Không có vấn đề nào đủ dữ liệu trong tuần này.',
  rank: 'Hạng',
  issue: 'Vấn đề',
  score: 'Điểm',
  authors: 'Tác giả',
  negative: 'Tiêu cực',
  growth: 'Tăng trưởng',
  sources: 'Nguồn chính',
  examples: 'Ví dụ tiêu biểu',
  person: 'một người dùng',
  coverage: 'Phạm vi thu thập',
  cannotSee: 'Không thấy được',
  gaps: 'Khoảng trống thu thập',
  problems: 'Sự cố nguồn',
  none: 'Không có',
  methods: 'Phương pháp',
  downloadPdf: 'Tải PDF',
  downloadFigures: 'Số liệu (CSV)',
  downloadMentions: 'Đề cập (CSV)',
  policyTitle: 'Phản hồi chính sách: {name}',
  before: 'Trước',
  after: 'Sau',
  mentions: 'Lượt đề cập',
  negativeShare: 'Tỷ lệ tiêu cực',
  volumeChange: 'Thay đổi lượng đề cập',
  negativeChange: 'Thay đổi tỷ lệ tiêu cực',
  significant: 'có ý nghĩa thống kê ({p})',
  notSignificant: 'không có ý nghĩa thống kê ({p})',
  notTested: 'chưa đủ dữ liệu để kiểm định',
  withheld: 'ẩn (quá ít tác giả)',
  chartLabel: 'Lượt đề cập mỗi ngày và tỷ lệ tiêu cực, trước và sau ngày ban hành',
  against: 'Ý kiến phản đối',
  support: 'Ý kiến ủng hộ',
  days: '{done}/{all} ngày',
};

type ReportKey = keyof typeof vi;

const en: Record<ReportKey, string> = {
  reportsTitle: 'Reports',
  reportsIntro:
    "An area's most pressing issues of the week, and how the public received a policy. Scheduled reports are kept here and e-mailed as PDF.",
  archive: 'Archived reports',
  noReports: 'No report yet.',
  weekly: 'Weekly report',
  policy: 'Policy',
  generateWeekly: 'Weekly report now',
  areaLevel: 'Level',
  levelProvince: 'Province / city',
  levelWard: 'Ward / commune',
  place: 'Area (name or code)',
  week: 'Week (e.g. 2025-W36; empty: last week)',
  generate: 'Generate',
  generating: 'Generating…',
  policies: 'Policies followed',
  noPolicies: 'No policy yet.',
  addPolicy: 'Add a policy',
  policyName: 'Policy name',
  policyQuery: 'Query',
  promulgatedOn: 'Promulgated on',
  add: 'Add',
  open: 'Open',
  weeklyTitle: 'Most pressing issues, week {week}: {area}',
  noIssues: 'No issue had enough data this week.',
  rank: 'Rank',
  issue: 'Issue',
  score: 'Score',
  authors: 'Authors',
  negative: 'Negative',
  growth: 'Growth',
  sources: 'Main sources',
  examples: 'Representative mentions',
  person: 'a person',
  coverage: 'Coverage',
  cannotSee: 'Cannot see',
  gaps: 'Collection gaps',
  problems: 'Source problems',
  none: 'None',
  methods: 'Methods',
  downloadPdf: 'Download PDF',
  downloadFigures: 'Figures (CSV)',
  downloadMentions: 'Mentions (CSV)',
  policyTitle: 'Policy reception: {name}',
  before: 'Before',
  after: 'After',
  mentions: 'Mentions',
  negativeShare: 'Negative share',
  volumeChange: 'Change in volume',
  negativeChange: 'Change in negative share',
  significant: 'significant ({p})',
  notSignificant: 'not significant ({p})',
  notTested: 'not enough data to test',
  withheld: 'withheld (too few authors)',
  chartLabel: 'Mentions per day and negative share, before and after promulgation',
  against: 'Arguments against',
  support: 'Arguments for',
  days: '{done}/{all} days',
};

const MESSAGES: Record<Lang, Record<ReportKey, string>> = { vi, en };

export type ReportText = (key: ReportKey, values?: Record<string, string | number>) => string;

export function reportText(lang: Lang): ReportText {
  return (key, values) => {
    const text = MESSAGES[lang][key];
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

export function useReportText(): ReportText {
  return reportText(useLocale().lang);
}
