// Vietnamese and English text of the shared interface pieces: the theme switch, loading and
// empty states, the map of places and the first-run guide.
import { type Lang, useLocale } from '../i18n/locale.js';

const vi = {
  darkMode: 'Giao diện tối',
  loadingContent: 'Đang tải nội dung…',
  navMap: 'Bản đồ',
  navUsage: 'Nhật ký sử dụng',
  mapTitle: 'Bản đồ địa bàn',
  mapIntro:
    'Số đề cập theo tỉnh, thành phố (34 đơn vị sau sắp xếp tháng 7/2025) và theo phường, xã, đặc khu. Mỗi vòng tròn đặt ở trung tâm hành chính; diện tích vòng tròn tỉ lệ với số đề cập.',
  mapTopic: 'Chủ đề',
  mapAllTopics: 'Mọi đề cập',
  mapLevel: 'Cấp',
  mapProvinces: 'Tỉnh, thành phố',
  mapWards: 'Phường, xã',
  mapProvince: 'Tỉnh, thành phố của phường, xã',
  mapAllProvinces: 'Cả nước',
  mapMetric: 'Tô màu theo',
  mapVolume: 'Số đề cập',
  mapNegative: 'Tỉ lệ tiêu cực',
  mapSummary: '{n} địa bàn có đề cập; nhiều nhất: {top}.',
  mapEmpty:
    'Chưa có đề cập nào được gắn với địa bàn trong phạm vi này. Hãy thêm nguồn tin địa phương ở trang Nguồn, hoặc chọn chủ đề khác.',
  mapTable: 'Bảng số liệu theo địa bàn',
  mapPlace: 'Địa bàn',
  mapMentions: 'Đề cập',
  mapNegativeShare: 'Tiêu cực',
  mapHidden: 'ẩn (nhóm nhỏ)',
  mapOther: 'Khác (gộp)',
  mapSuppressed: '{n} địa bàn có quá ít người viết được gộp hoặc ẩn để bảo vệ riêng tư.',
  mapLegendVolume: 'Màu đậm hơn: nhiều đề cập hơn',
  mapLegendNegative: 'Xanh: ít tiêu cực · Xám: trung bình · Cam: nhiều tiêu cực',
  mapIslands: 'Bản đồ gồm đặc khu Hoàng Sa (Đà Nẵng) và đặc khu Trường Sa (Khánh Hoà).',
  guideTitle: 'Bắt đầu với nghe',
  guideIntro:
    'Đơn vị của bạn chưa có chủ đề nào. Ba bước dưới đây giúp tạo chủ đề đầu tiên và hiểu các con số.',
  guideStepTopic: '1. Tạo chủ đề đầu tiên từ mẫu',
  guideStepFigures: '2. Đọc các con số',
  guideStepRules: '3. Mục đích và quyền riêng tư',
  guideUnit: 'Đơn vị: {name}',
  guideNoScope:
    'Đơn vị chưa khai báo địa bàn hay lĩnh vực; các mẫu dưới đây áp dụng cho cả nước. Quản trị viên có thể khai báo ở trang Truy cập.',
  guideTemplate: 'Mẫu',
  guidePlace: 'Địa bàn',
  guideWholeScope: 'Mọi địa bàn của đơn vị',
  guideName: 'Tên chủ đề',
  guideQuery: 'Truy vấn',
  guidePurpose: 'Mục đích',
  guideJustification: 'Lý do cần chủ đề (ít nhất {minimum} ký tự)',
  guideCreate: 'Tạo chủ đề',
  guideCreating: 'Đang tạo…',
  guideCreated: 'Đã tạo chủ đề “{name}”. Các đề cập đã lưu đang được gắn nhãn.',
  guideOpen: 'Mở chủ đề',
  guideFailed: 'Không tạo được: {message}',
  guideFiguresText:
    'Số đề cập là số đếm chính xác. Tỉ lệ tích cực, trung lập và tiêu cực là ước tính: mô hình phân loại có sai số đã đo, nên mỗi tỉ lệ được hiệu chỉnh theo sai số đó và đi kèm khoảng tin cậy 90 % (ví dụ 32 % ± 4). Khi khoảng còn rộng vì ít dữ liệu, con số được làm mờ.',
  guideColours:
    'Màu cảm xúc: xanh dương là tích cực, xám là trung lập, cam là tiêu cực, luôn kèm chữ hoặc ký hiệu (▲ ● ▼) để người khó phân biệt màu vẫn đọc được.',
  guidePurposeText:
    'Mỗi chủ đề phục vụ một chức năng của đơn vị và chỉ theo dõi địa bàn, lĩnh vực của đơn vị; muốn mở rộng cần quản trị viên. Chủ đề có hạn dùng, hết hạn thì chỉ còn đọc.',
  guidePrivacyText:
    'Người viết được ẩn danh bằng mã giả chỉ hệ thống này giữ; tên, tài khoản hay đường dẫn hồ sơ cá nhân không được lưu. Số liệu của nhóm quá ít người bị gộp hoặc ẩn. Mọi lượt xem và xuất dữ liệu được ghi vào nhật ký sử dụng để kiểm toán.',
  guideReadOnly:
    'Vai trò của bạn chỉ được xem; trưởng nhóm hoặc chuyên viên phân tích của đơn vị tạo chủ đề.',
  emptyTopicsAction: 'Chưa có chủ đề. Tạo chủ đề đầu tiên từ mẫu bên dưới hoặc bấm “Chủ đề mới”.',
};

const en: Record<keyof typeof vi, string> = {
  darkMode: 'Dark mode',
  loadingContent: 'Loading…',
  navMap: 'Map',
  navUsage: 'Usage review',
  mapTitle: 'Places on a map',
  mapIntro:
    'Mentions by province and city (the 34 units since the July 2025 reorganisation) and by ward, commune and special zone. Each circle sits at the administrative centre; its area follows the number of mentions.',
  mapTopic: 'Topic',
  mapAllTopics: 'All mentions',
  mapLevel: 'Level',
  mapProvinces: 'Provinces and cities',
  mapWards: 'Wards and communes',
  mapProvince: 'Province of the wards',
  mapAllProvinces: 'Whole country',
  mapMetric: 'Colour by',
  mapVolume: 'Mentions',
  mapNegative: 'Negative share',
  mapSummary: '{n} places with mentions; most: {top}.',
  mapEmpty:
    'No mention in this scope is tagged with a place yet. Add local sources on the Sources page, or pick another topic.',
  mapTable: 'Figures by place',
  mapPlace: 'Place',
  mapMentions: 'Mentions',
  mapNegativeShare: 'Negative',
  mapHidden: 'hidden (small group)',
  mapOther: 'Other (merged)',
  mapSuppressed: '{n} places with too few authors are merged or hidden to protect privacy.',
  mapLegendVolume: 'Darker: more mentions',
  mapLegendNegative: 'Blue: less negative · Grey: middling · Orange: more negative',
  mapIslands: 'The map includes the Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hoà) special zones.',
  guideTitle: 'Getting started with nghe',
  guideIntro:
    'Your unit has no topic yet. These three steps create its first topic and explain the figures.',
  guideStepTopic: '1. Create the first topic from a template',
  guideStepFigures: '2. Reading the figures',
  guideStepRules: '3. Purpose and privacy',
  guideUnit: 'Unit: {name}',
  guideNoScope:
    'The unit has no places or sectors declared; the templates below cover the whole country. An administrator can declare them on the Access page.',
  guideTemplate: 'Template',
  guidePlace: 'Place',
  guideWholeScope: 'All of the unit’s places',
  guideName: 'Topic name',
  guideQuery: 'Query',
  guidePurpose: 'Purpose',
  guideJustification: 'Why the unit needs this topic (at least {minimum} characters)',
  guideCreate: 'Create topic',
  guideCreating: 'Creating…',
  guideCreated: 'Topic “{name}” created. Stored mentions are being tagged.',
  guideOpen: 'Open the topic',
  guideFailed: 'Could not create it: {message}',
  guideFiguresText:
    'Mention counts are exact. Positive, neutral and negative shares are estimates: the classifier’s errors were measured, each share is corrected for them and comes with a 90 % interval (for example 32 % ± 4). When the interval is wide for lack of data, the figure is greyed out.',
  guideColours:
    'Sentiment colours: blue is positive, grey neutral, orange negative, always with a word or a mark (▲ ● ▼) so that they read without colour too.',
  guidePurposeText:
    'Every topic serves one of the unit’s functions and stays within the unit’s places and sectors; going beyond them needs an administrator. Topics expire and become read-only.',
  guidePrivacyText:
    'Authors are pseudonymised with a key only this installation holds; no person’s name, handle or profile link is stored. Figures of groups with too few people are merged or hidden. Every view and export is written to the usage log for audit.',
  guideReadOnly: 'Your role can only read; a lead or an analyst of the unit creates topics.',
  emptyTopicsAction:
    'No topics yet. Create the first one from a template below, or use “New topic”.',
};

export type UiMessageKey = keyof typeof vi;
export type UiText = (key: UiMessageKey, values?: Record<string, string | number>) => string;

export function uiText(lang: Lang): UiText {
  const messages = lang === 'en' ? en : vi;
  return (key, values) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
}

export function useUiText(): UiText {
  return uiText(useLocale().lang);
}
