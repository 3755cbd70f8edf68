// The installation's privacy settings: the smallest group of distinct authors a figure may be
// computed from, how long raw text is kept, and the working hours the usage review measures
// "after hours" against. From config.json's `privacy` object, overridden by the environment.
import { z } from 'zod';

/** Below this no figure is safe enough to show, whatever the configuration says. */
export const MIN_GROUP_FLOOR = 5;
export const DEFAULT_MIN_GROUP_SIZE = 10;
export const DEFAULT_RETENTION_DAYS = 90;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const privacyFileSchema = z
  .object({
    /** Figures from fewer distinct authors than this are suppressed (at least 5). */
    minGroupSize: z.number().int().min(MIN_GROUP_FLOOR).max(1000).optional(),
    /** Days raw text and payloads are kept (from a mention's time). */
    retentionDays: z.number().int().min(1).max(36_500).optional(),
    /** Hours between retention runs inside `serve` and `collect`. */
    retentionEveryHours: z.number().min(0.25).max(168).optional(),
    /** Working hours, local to `timeZone`; use outside them is flagged in the usage review. */
    workHours: z.object({ start: clock, end: clock }).strict().optional(),
    timeZone: z.string().min(1).optional(),
  })
  .strict();

export type PrivacyFile = z.infer<typeof privacyFileSchema>;

export interface PrivacySettings {
  minGroupSize: number;
  retentionDays: number;
  retentionEveryHours: number;
  workHours: { start: string; end: string };
  timeZone: string;
}

export const DEFAULT_PRIVACY: PrivacySettings = {
  minGroupSize: DEFAULT_MIN_GROUP_SIZE,
  retentionDays: DEFAULT_RETENTION_DAYS,
  retentionEveryHours: 6,
  workHours: { start: '07:00', end: '19:00' },
  timeZone: 'Asia/Ho_Chi_Minh',
};

function positiveInteger(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`${name}: not a positive whole number: ${value}`);
  }
  return number;
}

/** Settings from the file's `privacy` object and NGHE_MIN_GROUP_SIZE / NGHE_RETENTION_DAYS. */
export function resolvePrivacy(
  file: PrivacyFile | undefined,
  env: Record<string, string | undefined>,
): PrivacySettings {
  const settings: PrivacySettings = {
    ...DEFAULT_PRIVACY,
    ...file,
    workHours: file?.workHours ?? DEFAULT_PRIVACY.workHours,
  };
  if (env.NGHE_MIN_GROUP_SIZE) {
    settings.minGroupSize = positiveInteger(env.NGHE_MIN_GROUP_SIZE, 'NGHE_MIN_GROUP_SIZE');
  }
  if (env.NGHE_RETENTION_DAYS) {
    settings.retentionDays = positiveInteger(env.NGHE_RETENTION_DAYS, 'NGHE_RETENTION_DAYS');
  }
  if (settings.minGroupSize < MIN_GROUP_FLOOR) {
    throw new Error(
      `minimum group size ${settings.minGroupSize} is refused: figures need at least ${MIN_GROUP_FLOOR} distinct authors`,
    );
  }
  return settings;
}
