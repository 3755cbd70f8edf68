// The words of report PDFs and e-mails, in Vietnamese (default) and English.

export type ReportLanguage = 'vi' | 'en';

const vi = {
  policyTitle: 'Đánh giá phản hồi chính sách',
  weeklyTitle: 'Các vấn đề nổi bật trong tuần',
  generated: 'Lập lúc',
  promulgated: 'Ngày ban hành',
  query: 'Truy vấn',
  places: 'Địa bàn',
  sectors: 'Lĩnh vực',
  summary: 'Tóm tắt',
  window: 'Giai đoạn',
  before: 'Trước',
  after: 'Sau',
  days: 'ngày',
  daysComplete: 'ngày đã trọn',
  mentions: 'Lượt đề cập',
  authors: 'Tác giả khác nhau',
  negativeShare: 'Tỷ lệ tiêu cực',
  positiveShare: 'Tỷ lệ tích cực',
  interval: 'khoảng',
  volumeChange: 'Thay đổi lượng đề cập',
  negativeChange: 'Thay đổi tỷ lệ tiêu cực',
  significant: 'có ý nghĩa thống kê',
  notSignificant: 'không có ý nghĩa thống kê',
  notTested: 'chưa đủ dữ liệu để kiểm định',
  trajectory: 'Diễn biến theo ngày',
  trajectoryCaption:
    'Cột: lượt đề cập mỗi ngày. Đường đỏ: tỷ lệ tiêu cực đã hiệu chỉnh, dải hồng: khoảng tin cậy. Vạch đứt: ngày ban hành.',
  against: 'Ý kiến phản đối',
  support: 'Ý kiến ủng hộ',
  terms: 'Từ nổi lên',
  examples: 'Ví dụ tiêu biểu',
  person: 'một người dùng',
  coverage: 'Phạm vi thu thập',
  sources: 'Nguồn',
  platforms: 'Nền tảng',
  cannotSee: 'Không thấy được',
  problems: 'Sự cố nguồn',
  gaps: 'Khoảng trống thu thập',
  noGaps: 'Không có khoảng trống nào từ',
  hours: 'giờ',
  collected: 'Lượt đề cập thu thập mới',
  methods: 'Phương pháp',
  withheld: 'ẩn (ít hơn 10 tác giả)',
  issues: 'Vấn đề',
  score: 'Điểm',
  growth: 'Tăng trưởng',
  trend: 'Xu hướng',
  mainSources: 'Nguồn chính',
  area: 'Khu vực',
  week: 'Tuần',
  noIssues: 'Không có vấn đề nào đủ dữ liệu trong tuần này.',
  story: 'Câu chuyện',
  group: 'Lĩnh vực × địa bàn',
};

export type Labels = typeof vi;

const en: Labels = {
  policyTitle: 'Policy reception',
  weeklyTitle: "The week's most pressing issues",
  generated: 'Generated',
  promulgated: 'Promulgated on',
  query: 'Query',
  places: 'Places',
  sectors: 'Sectors',
  summary: 'Summary',
  window: 'Window',
  before: 'Before',
  after: 'After',
  days: 'days',
  daysComplete: 'complete days',
  mentions: 'Mentions',
  authors: 'Distinct authors',
  negativeShare: 'Negative share',
  positiveShare: 'Positive share',
  interval: 'interval',
  volumeChange: 'Change in volume',
  negativeChange: 'Change in negative share',
  significant: 'significant',
  notSignificant: 'not significant',
  notTested: 'not enough data to test',
  trajectory: 'Day by day',
  trajectoryCaption:
    'Columns: mentions per day. Red line: corrected negative share, pink band: its interval. Dashed line: promulgation day.',
  against: 'Arguments against',
  support: 'Arguments for',
  terms: 'Trending terms',
  examples: 'Representative mentions',
  person: 'a person',
  coverage: 'Coverage',
  sources: 'Sources',
  platforms: 'Platforms',
  cannotSee: 'Cannot see',
  problems: 'Source problems',
  gaps: 'Collection gaps',
  noGaps: 'No gap in collection of at least',
  hours: 'hours',
  collected: 'Mentions newly collected',
  methods: 'Methods',
  withheld: 'withheld (fewer than 10 authors)',
  issues: 'Issues',
  score: 'Score',
  growth: 'Growth',
  trend: 'Trend',
  mainSources: 'Main sources',
  area: 'Area',
  week: 'Week',
  noIssues: 'No issue had enough data this week.',
  story: 'Story',
  group: 'Sector × place',
};

export function labelsFor(language: ReportLanguage): Labels {
  return language === 'en' ? en : vi;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)} %`;
}

export function interval(range: [number, number] | null | undefined): string {
  return range ? `${(range[0] * 100).toFixed(1)}–${(range[1] * 100).toFixed(1)} %` : '—';
}

export function pValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}
