// Vietnamese and English text of the alerts panels, kept beside them.
import type { Lang } from '../i18n/locale.js';

const vi = {
  notifications: 'Thông báo',
  unread: '{n} chưa đọc',
  noNotifications: 'Chưa có thông báo. Thêm quy tắc cảnh báo ở trang của một chủ đề.',
  markAllRead: 'Đánh dấu đã đọc tất cả',
  close: 'Đóng',
  metricVolume:
    'Tăng đột biến số đề cập: {value} trong một giờ (mức nền {baseline}, ngưỡng {threshold})',
  metricNegative:
    'Tăng đột biến tỷ lệ tiêu cực: {value} (mức nền {baseline}, ngưỡng {threshold}: đầu dưới khoảng ước lượng phải vượt đầu trên của mức nền)',
  metricMatch: '{value} đề cập mới khớp truy vấn',
  metricStory:
    'Câu chuyện mới: {value} tác giả khác nhau ({mentions} đề cập, {copies} bản sao; ngưỡng {threshold} tác giả)',
  mentionsBehind: 'Đề cập liên quan',
  openTopic: 'Mở chủ đề #{id}',
  rulesTitle: 'Quy tắc cảnh báo',
  rulesIntro:
    'Cảnh báo hiện trong thông báo, và có thể gửi e-mail (từng cái hoặc bản tổng hợp) và webhook có chữ ký HMAC.',
  noRules: 'Chủ đề này chưa có quy tắc cảnh báo.',
  kind: 'Loại',
  kindVolume: 'Tăng đột biến số đề cập',
  kindNegative: 'Tăng đột biến tỷ lệ tiêu cực',
  kindMatch: 'Đề cập mới khớp truy vấn con',
  kindStory: 'Câu chuyện mới vượt một quy mô',
  storySize: 'Số tác giả khác nhau của câu chuyện',
  storySummary: 'Câu chuyện mới từ {n} tác giả khác nhau',
  subQuery: 'Truy vấn con',
  emails: 'E-mail (phân cách bằng dấu phẩy)',
  digest: 'Gộp e-mail thành bản tổng hợp',
  digestMinutes: 'mỗi (phút)',
  webhook: 'URL webhook',
  quietStart: 'Giờ yên lặng từ',
  quietEnd: 'đến',
  dailyCap: 'Tối đa mỗi ngày',
  addRule: 'Thêm quy tắc',
  remove: 'Xoá',
  pause: 'Tạm dừng',
  resume: 'Tiếp tục',
  paused: 'đang tạm dừng',
  secretOnce: 'Khoá bí mật của webhook (chỉ hiện một lần): {secret}',
  ruleRefused: 'Không lưu được quy tắc: {message}',
  quietSummary: 'yên lặng {start}–{end}',
  capSummary: 'tối đa {n}/ngày',
};

type AlertMessageKey = keyof typeof vi;

const en: Record<AlertMessageKey, string> = {
  notifications: 'Notifications',
  unread: '{n} unread',
  noNotifications: 'No notifications yet. Add an alert rule on a topic’s page.',
  markAllRead: 'Mark all read',
  close: 'Close',
  metricVolume:
    'Volume spike: {value} mentions in an hour (baseline {baseline}, threshold {threshold})',
  metricNegative:
    'Negative share spike: {value} (baseline {baseline}, threshold {threshold}: the lower end of the estimate’s interval must pass the baseline’s upper end)',
  metricMatch: '{value} new mentions matching the sub-query',
  metricStory:
    'New story: {value} distinct authors ({mentions} mentions, {copies} copies; threshold {threshold} authors)',
  mentionsBehind: 'Mentions behind it',
  openTopic: 'Open topic #{id}',
  rulesTitle: 'Alert rules',
  rulesIntro:
    'Alerts appear under notifications, and can be e-mailed (one by one or as a digest) and sent to a webhook signed with HMAC.',
  noRules: 'This topic has no alert rules yet.',
  kind: 'Kind',
  kindVolume: 'Volume spike',
  kindNegative: 'Negative share spike',
  kindMatch: 'New mention matching a sub-query',
  kindStory: 'New story above a size',
  storySize: 'Distinct authors of the story',
  storySummary: 'New story from {n} distinct authors',
  subQuery: 'Sub-query',
  emails: 'E-mail (comma-separated)',
  digest: 'Batch e-mails into a digest',
  digestMinutes: 'every (minutes)',
  webhook: 'Webhook URL',
  quietStart: 'Quiet hours from',
  quietEnd: 'to',
  dailyCap: 'At most per day',
  addRule: 'Add rule',
  remove: 'Remove',
  pause: 'Pause',
  resume: 'Resume',
  paused: 'paused',
  secretOnce: 'Webhook secret (shown once): {secret}',
  ruleRefused: 'The rule was not saved: {message}',
  quietSummary: 'quiet {start}–{end}',
  capSummary: 'at most {n}/day',
};

const MESSAGES: Record<Lang, Record<AlertMessageKey, string>> = { vi, en };

export function alertText(
  lang: Lang,
  key: AlertMessageKey,
  values: Record<string, string | number> = {},
): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
