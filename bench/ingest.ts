// Ingest benchmark for the embedded store: synthetic Vietnamese and English short posts saved in
// batches with full-text indexing, timed at cumulative sizes.
//   npx tsx bench/ingest.ts [--sizes 100000,1000000] [--db path] [--batch 1000]
//                           [--arrival live|backfill]
// Prints mentions/s for each step (only the store's time; generating text is not counted) and
// the database file size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { MentionInput } from '../src/model.js';
import { seededRandom } from '../src/seeded-random.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/sqlite-store.js';

// Common Vietnamese syllables with their diacritics, roughly most frequent first, so the Zipf
// sampling below gives them newspaper-like frequencies. Several fold to the same form
// (đường/dương/duong, ma/má/mà/mã/mạ), which is what exact-diacritics search has to separate.
export const VIETNAMESE = `và của có là được cho không những người một các này trong với đã
  để năm khi đến từ nhiều ra theo cũng như tại sẽ thì hơn sau về nhưng vào đó làm bị lại mới
  việc nước thành phố nhà công ty chính phủ kinh tế xã hội đường dương giá tăng giảm học sinh
  trường đại tin tức thời tiết bão mưa lũ lụt miền bắc trung nam hà nội hồ chí minh đà nẵng
  cần thơ hải phòng huế giao thông ùn tắc xe máy ô tô tai nạn cảnh sát điều tra vụ án tòa
  bệnh viện bác sĩ sức khỏe dịch covid vắc xin y tế thủ tướng quốc hội bộ trưởng chủ tịch
  tỉnh huyện xã phường dân cư đất đai nhà ở bất động sản ngân hàng lãi suất chứng khoán
  vàng đô la xăng dầu điện nước thực phẩm gạo cà phê du lịch khách sạn biển đảo núi rừng
  môi trường ô nhiễm rác thải không khí bóng đá đội tuyển trận đấu cầu thủ huấn luyện viên
  âm nhạc ca sĩ phim điện ảnh nghệ thuật văn hóa lễ hội tết nguyên đán gia đình trẻ em phụ
  nữ thanh niên sinh viên lao động việc làm lương thu nhập doanh nghiệp xuất khẩu nhập khẩu
  đầu tư dự án cầu cảng sân bay đường sắt cao tốc công nghệ điện thoại mạng internet ứng
  dụng trí tuệ nhân tạo dữ liệu an ninh quốc phòng biên giới hợp tác quốc tế mỹ trung quốc
  nhật bản hàn quốc châu âu khách hàng sản phẩm dịch vụ chất lượng hài lòng tuyệt vời tệ
  quá rất khá ổn thất vọng bức xúc vui buồn lo lắng yêu ghét thích ngon đẹp xấu nhanh chậm
  rẻ đắt mua bán giao hàng đơn hàng hoàn tiền lừa đảo cảnh báo phản ánh người dân chính
  quyền địa phương ủy ban nhân dân kế hoạch triển khai thực hiện kiểm tra xử lý vi phạm
  ma má mà mã mạ mả sáng chiều tối hôm nay ngày mai tuần tháng qua trước sắp đang vẫn còn
  chỉ mỗi cả tất luôn thường hay ít nhất tốt xấu lớn nhỏ cao thấp dài ngắn mới cũ gần xa
  hướng dẫn thông báo kết quả thi tuyển sinh điểm chuẩn đề án cải cách hành chính thuế phí
  nông nghiệp lúa trái cây thanh long sầu riêng xoài mít cá tôm hải sản chăn nuôi heo gà`
  .split(/\s+/)
  .filter(Boolean);

export const ENGLISH = `the of and to in is for on that with was as it by at from this are be
  an has have new price market city government people said would year first after over more
  traffic weather storm flood police report company bank rate stock coffee tourism football
  match team player music film festival family students school hospital health vaccine data
  technology phone app service quality customer delivery refund scam great terrible good bad`
  .split(/\s+/)
  .filter(Boolean);

/** Zipf-like pick: rank r has weight 1/(r+1). */
export function zipfPicker(words: string[], random: () => number): () => string {
  const cumulative: number[] = [];
  let sum = 0;
  for (let r = 0; r < words.length; r++) {
    sum += 1 / (r + 1);
    cumulative.push(sum);
  }
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

const SPAN_MS = 365 * 24 * 3600 * 1000;
/** Live collection spreads 1M mentions over the year before CORPUS_END_MS. */
const LIVE_SPACING_MS = SPAN_MS / 1_000_000;
const LIVE_JITTER_MS = 2 * 3600 * 1000;

/**
 * How publication times relate to arrival order. `live`: as collection sees them, newer as the
 * corpus grows, a couple of hours out of order at most. `backfill`: uniformly random over a
 * year, as when importing an archive; the worst case for the time-ordered search index, whose
 * new entries then land all over the file instead of at its end.
 */
export type Arrival = 'live' | 'backfill';
export const CORPUS_END_MS = Date.UTC(2026, 0, 1);

/** Mentions `from` .. `from + count - 1` of a deterministic synthetic corpus. */
export function syntheticMentions(
  from: number,
  count: number,
  arrival: Arrival = 'live',
): MentionInput[] {
  const random = seededRandom(from * 7919 + 1);
  const vi = zipfPicker(VIETNAMESE, random);
  const en = zipfPicker(ENGLISH, random);
  const out: MentionInput[] = [];
  for (let n = from; n < from + count; n++) {
    const english = random() < 0.2;
    const pick = english ? en : vi;
    const target = 50 + Math.floor(random() ** 2 * 550);
    let text = '';
    while (text.length < target) {
      let sentence = pick();
      const words = 4 + Math.floor(random() * 12);
      for (let w = 1; w < words; w++) sentence += ` ${pick()}`;
      text += `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}. `;
    }
    text = text.slice(0, 600).trim();
    const publishedMs =
      arrival === 'backfill'
        ? CORPUS_END_MS - Math.floor(random() * SPAN_MS)
        : CORPUS_END_MS - SPAN_MS + Math.floor(n * LIVE_SPACING_MS + random() * LIVE_JITTER_MS);
    const isArticle = random() < 0.3;
    out.push({
      platform: isArticle ? 'web' : 'x',
      canonicalUrl: isArticle ? `https://news.example/bai-${n}` : null,
      externalId: `m${n}`,
      author: { key: `a${n % 5000}`, displayName: null, kind: 'person' },
      publishedAt: new Date(publishedMs).toISOString(),
      collectedAt: new Date(publishedMs + 60_000).toISOString(),
      language: english ? 'en' : 'vi',
      title: isArticle ? text.slice(0, 60) : null,
      text,
      html: null,
      categories: [],
      engagement: { likes: n % 97 },
      parentExternalId: null,
      raw: null,
      analysis: null,
    });
  }
  return out;
}

export function fileSizeBytes(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // absent WAL after a checkpoint
    }
  }
  return total;
}

export interface IngestStep {
  size: number;
  mentionsPerSecond: number;
  /** Per second of this process's CPU time: what an idle machine would give, about. */
  mentionsPerCpuSecond: number;
  fileBytes: number;
}

/** Grow the store at `store` to each size in turn, timing only the store's work. */
export async function ingestTo(
  store: SqliteStore,
  path: string,
  sizes: number[],
  batch: number,
  arrival: Arrival,
  report: (step: IngestStep) => void = () => {},
): Promise<void> {
  const { source } = await store.addSource({ kind: 'feed', url: 'https://bench.example/feed' });
  let done = await store.countMentions();
  for (const size of sizes) {
    const start = done;
    let storeMs = 0;
    let cpuMicros = 0;
    while (done < size) {
      const mentions = syntheticMentions(done, Math.min(batch, size - done), arrival);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await store.saveMentions(source.id, mentions);
      const cpu = process.cpuUsage(cpu0);
      storeMs += performance.now() - t0;
      cpuMicros += cpu.user + cpu.system;
      done += mentions.length;
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    report({
      size,
      mentionsPerSecond: storeMs === 0 ? 0 : Math.round(((done - start) / storeMs) * 1000),
      mentionsPerCpuSecond: cpuMicros === 0 ? 0 : Math.round(((done - start) / cpuMicros) * 1e6),
      fileBytes: fileSizeBytes(path),
    });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100000,1000000' },
      db: { type: 'string' },
      batch: { type: 'string', default: '1000' },
      arrival: { type: 'string', default: 'live' },
    },
  });
  if (values.arrival !== 'live' && values.arrival !== 'backfill') {
    throw new Error('--arrival must be live or backfill');
  }
  const arrival: Arrival = values.arrival;
  const sizes = values.sizes.split(',').map(Number);
  const dir = values.db ? null : mkdtempSync(join(tmpdir(), 'nghe-bench-'));
  const path = values.db ?? join(dir!, 'ingest.db');
  const store = openSqliteStore(path);
  console.log(`ingest into ${path}, batches of ${values.batch}, ${arrival} arrival order`);
  try {
    await ingestTo(store, path, sizes, Number(values.batch), arrival, (step) =>
      console.log(
        `${step.size.toLocaleString('en')} mentions: ${step.mentionsPerSecond.toLocaleString('en')} mentions/s ` +
          `(${step.mentionsPerCpuSecond.toLocaleString('en')} per CPU second) for this step, ` +
          `file ${(step.fileBytes / 2 ** 20).toFixed(0)} MiB`,
      ),
    );
    const fts = store.db
      .prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'mentions_fts%'")
      .get() as { bytes: number | null } | undefined;
    if (fts?.bytes) console.log(`full-text index: ${(fts.bytes / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
