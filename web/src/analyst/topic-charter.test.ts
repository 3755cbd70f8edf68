import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOPIC_DAYS,
  MAX_TOPIC_DAYS,
  MIN_JUSTIFICATION_LENGTH,
} from '../../../src/http/topic-charter-limits.js';
import {
  addDays,
  charterFields,
  charterProblem,
  expiryBounds,
  newCharterDraft,
} from './topic-charter.js';

const TODAY = '2026-03-10';
const UNIT = { name: 'Sở Xây dựng', functions: ['flood response', 'traffic'], manages: false };
const REASON = 'Theo dõi phản ánh ngập sau mưa lớn ở các phường.';

describe('a new topic’s charter', () => {
  it('starts with the unit’s first function and the default expiry', () => {
    const draft = newCharterDraft(UNIT, TODAY);
    expect(draft).toEqual({ purpose: 'flood response', justification: '', lastDay: '2026-09-06' });
    expect(draft.lastDay).toBe(addDays(TODAY, DEFAULT_TOPIC_DAYS));
  });

  it('asks for a justification of the stated length', () => {
    const draft = newCharterDraft(UNIT, TODAY);
    const short = 'x'.repeat(MIN_JUSTIFICATION_LENGTH - 1);
    expect(charterProblem({ ...draft, justification: short }, TODAY, false)).toBe(
      'justificationShort',
    );
    expect(charterProblem({ ...draft, justification: `  ${short}  ` }, TODAY, false)).toBe(
      'justificationShort',
    );
    expect(charterProblem({ ...draft, justification: REASON }, TODAY, false)).toBeNull();
  });

  it('keeps the expiry after today and within what the API allows', () => {
    const draft = { ...newCharterDraft(UNIT, TODAY), justification: REASON };
    expect(charterProblem({ ...draft, lastDay: TODAY }, TODAY, false)).toBe('expiryPast');
    const bounds = expiryBounds(TODAY, false);
    expect(bounds.max).toBe(addDays(TODAY, MAX_TOPIC_DAYS - 1));
    expect(charterProblem({ ...draft, lastDay: bounds.max! }, TODAY, false)).toBeNull();
    const beyond = addDays(TODAY, MAX_TOPIC_DAYS);
    expect(charterProblem({ ...draft, lastDay: beyond }, TODAY, false)).toBe('expiryFar');
    // Administrators may set any later day.
    expect(charterProblem({ ...draft, lastDay: beyond }, TODAY, true)).toBeNull();
  });

  it('sends the purpose, the trimmed justification and the end of the last day', () => {
    const draft = { purpose: 'traffic', justification: ` ${REASON} `, lastDay: '2026-09-06' };
    expect(charterFields(draft, UNIT, 'Asia/Ho_Chi_Minh')).toEqual({
      purpose: 'traffic',
      justification: REASON,
      expiresAt: '2026-09-06T17:00:00.000Z',
    });
    // Left alone, the purpose is the unit's first; a unit without functions sends none.
    expect(charterFields({ ...draft, purpose: '' }, UNIT, 'UTC').purpose).toBe('flood response');
    expect(
      charterFields({ ...draft, purpose: '' }, { ...UNIT, functions: [] }, 'UTC'),
    ).not.toHaveProperty('purpose');
  });
});
