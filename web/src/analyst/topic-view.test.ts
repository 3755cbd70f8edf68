import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  parseTopicView,
  selectedInstants,
  topicViewSearch,
  windowDays,
} from './topic-view.js';

describe('topic view in the address', () => {
  it('reads back what it writes, and ignores what is not a day', () => {
    const view = {
      window: 'custom' as const,
      windowFrom: '2019-01-01',
      windowTo: '2020-06-30',
      from: '2019-03-01',
      to: null,
    };
    expect(parseTopicView(topicViewSearch(view))).toEqual(view);
    expect(topicViewSearch(DEFAULT_VIEW)).toBe('');
    expect(parseTopicView('?w=all&from=yesterday')).toEqual({ ...DEFAULT_VIEW, window: 'all' });
  });

  it('turns windows into days and instants in the zone', () => {
    expect(windowDays({ ...DEFAULT_VIEW, window: '7' }, '2026-03-10')).toEqual({
      from: '2026-03-04',
      to: '2026-03-10',
    });
    expect(windowDays({ ...DEFAULT_VIEW, window: 'all' }, '2026-03-10').from).toBeNull();
    const zone = 'Asia/Ho_Chi_Minh';
    expect(selectedInstants({ ...DEFAULT_VIEW, window: 'all' }, '2026-03-10', zone)).toEqual({});
    expect(
      selectedInstants(
        { ...DEFAULT_VIEW, window: 'custom', windowFrom: '2018-01-01', windowTo: '2018-12-31' },
        '2026-03-10',
        zone,
      ),
    ).toEqual({ from: '2017-12-31T17:00:00.000Z', to: '2018-12-31T17:00:00.000Z' });
  });
});
