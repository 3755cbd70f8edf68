// Stories and place/sector figures: a filter's stories (reprints folded into the story of the
// first publisher), the story and author counts reports read instead of mention counts, and
// per province, ward or sector the mentions, stories and authors with sentiment counts.
import { z } from 'zod';
import { smallGroupRuleFor } from '../../privacy/small-group-rule-for.js';
import {
  protectCount,
  protectCountedRows,
  protectPlaceFigures,
} from '../../privacy/small-groups.js';
import { placeStoryStoreFor } from '../../store/place-story-store-for.js';
import { type ApiDeps, toMentionFilter } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import { defineRoute, type Route } from '../route.js';
import { filterQuery } from '../schemas.js';

const limit = z.coerce.number().int().min(1).max(200).default(50).describe('1..200');

const storyRowSchema = z.object({
  id: z.number().int(),
  mentions: z.number().int().describe("the story's mentions inside the filter"),
  size: z.number().int().describe('all its mentions'),
  copies: z.number().int().describe('mentions in the filter that copy an earlier one'),
  authors: z.number().int(),
  firstAt: z.string(),
  lastAt: z.string(),
  negative: z.number().int(),
  firstPublisher: z.object({
    mentionId: z.number().int(),
    title: z.string().nullable(),
    url: z.string().nullable(),
    author: z.string().nullable().describe('an outlet, page or channel; never a person'),
    publishedAt: z.string().nullable(),
  }),
});

/** Rows past a page's limit are read up to this many, to fold into `other`. */
const ROWS_READ = 1_000;
const hidden = 'null: from fewer than k persons (or distinct counts of the merged row)';

const tagFigureSchema = z.object({
  key: z.string().describe("a code or sector id, or 'other' for rows merged"),
  label: z.string().nullable(),
  mentions: z.number().int(),
  stories: z.number().int().nullable().describe(hidden),
  authors: z.number().int().nullable().describe(hidden),
  positive: z.number().int().nullable().describe(hidden),
  neutral: z.number().int().nullable().describe(hidden),
  negative: z.number().int().nullable().describe(hidden),
});

const access = {
  allow: 'read',
  resource: 'topic',
  idParam: 'query:topic',
  withoutId: 'search',
} as const;

function figuresOf(deps: ApiDeps) {
  const found = placeStoryStoreFor(deps.store);
  if (!found)
    throw new HttpError(501, 'stories and place figures need a SQLite or PostgreSQL store');
  return found;
}

export function storyRoutes(deps: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'listStories',
      method: 'get',
      path: '/api/stories',
      summary: "A topic's stories: size, first publisher and copies",
      tag: 'analytics',
      access,
      query: filterQuery.extend({ limit }),
      responses: {
        200: {
          description: 'most mentions first',
          schema: z.object({
            stories: z.array(storyRowSchema),
            suppressed: z.number().int().describe('stories of fewer than k persons left out'),
          }),
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const figures = figuresOf(deps);
        const listed = await figures.listStories(filter, query.limit);
        const persons = await figures.storyPersons(
          filter,
          listed.map((story) => story.id),
        );
        const shown = protectCountedRows(smallGroupRuleFor(deps.store), listed, persons);
        await audit(filter, shown.rows.length);
        return c.json({ stories: shown.rows, suppressed: shown.suppressed });
      },
    }),
    defineRoute({
      id: 'analyticsStories',
      method: 'get',
      path: '/api/analytics/stories',
      summary: 'Stories and distinct authors, beside mentions and copies',
      tag: 'analytics',
      access,
      query: filterQuery,
      responses: {
        200: {
          description: 'reprints of one article count as one story',
          schema: z.object({
            mentions: z.number().int().nullable().describe(hidden),
            stories: z.number().int().nullable().describe(hidden),
            authors: z.number().int().nullable().describe(hidden),
            copies: z.number().int().nullable().describe(hidden),
            suppressed: z.boolean(),
          }),
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const figures = await figuresOf(deps).storyFigures(filter);
        await audit(filter, figures.mentions);
        const rule = smallGroupRuleFor(deps.store);
        if ((await protectCount(rule, filter, figures.mentions)) === null) {
          return c.json({
            mentions: null,
            stories: null,
            authors: null,
            copies: null,
            suppressed: true,
          });
        }
        return c.json({ ...figures, suppressed: false });
      },
    }),
    defineRoute({
      id: 'analyticsPlaces',
      method: 'get',
      path: '/api/analytics/places',
      summary: 'Mentions, stories and authors per province, ward or sector',
      tag: 'analytics',
      access,
      query: filterQuery.extend({ by: z.enum(['province', 'ward', 'sector']), limit }),
      responses: {
        200: {
          description:
            'largest first; a mention counts once for each province, ward or sector it is about',
          schema: z.object({
            rows: z.array(tagFigureSchema),
            suppressed: z.number().int().describe("rows merged into 'other' or left out"),
          }),
        },
      },
      async handle({ c, query, audit }) {
        const filter = toMentionFilter(query);
        const all = await figuresOf(deps).figuresBy(query.by, filter, ROWS_READ);
        const rows = all.slice(0, query.limit);
        await audit(
          { ...filter, by: query.by },
          rows.reduce((sum, row) => sum + row.mentions, 0),
        );
        const rule = smallGroupRuleFor(deps.store);
        return c.json(
          await protectPlaceFigures(rule, query.by, filter, rows, all.slice(query.limit)),
        );
      },
    }),
  ];
}
