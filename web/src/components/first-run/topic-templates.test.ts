// Templates filled in for a unit give queries that parse and stay within the unit's scope, as
// the server checks it when the topic is created.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scopeProblem } from '../../../../src/identity/topic-scope.js';
import { parseQuery } from '../../../../src/query/parse.js';
import type { MapPoints } from '../places-map/map-points.js';
import { draftTopic, scopePlaces, templateSectors, type UnitScope } from './topic-templates.js';

const points = JSON.parse(
  readFileSync(new URL('../places-map/map-points.json', import.meta.url), 'utf8'),
) as MapPoints;

const unit: UnitScope = {
  name: 'UBND phường Sài Gòn',
  places: ['ward:26740', 'province:79', 'district:760', 'ward:99999'],
  sectors: ['flooding', 'traffic', 'other'],
  functions: ['theo dõi ngập úng'],
};

describe('first-topic templates', () => {
  it('names the unit’s places from the gazetteer and drops unknown codes', () => {
    const places = scopePlaces(unit, points);
    expect(places.map((p) => p.id)).toEqual(['ward:26740', 'province:79', 'district:760']);
    expect(places[0]!.name).toBe('Sài Gòn');
    expect(places[1]!.name).toBe('Hồ Chí Minh');
  });

  it('offers the unit’s sectors that have a template, or the defaults for a unit without any', () => {
    expect(templateSectors(unit)).toEqual(['flooding', 'traffic']);
    expect(templateSectors({ ...unit, sectors: [] })).toEqual(['flooding', 'traffic']);
    expect(templateSectors({ ...unit, sectors: ['other'] })).toEqual([]);
  });

  it('fills in queries that parse and stay within the unit’s places and sectors', () => {
    const places = scopePlaces(unit, points);
    const limits = { placeNames: places.map((p) => p.name), sectors: unit.sectors };
    for (const sector of templateSectors(unit)) {
      for (const place of places) {
        for (const lang of ['vi', 'en'] as const) {
          const draft = draftTopic(sector, place, lang);
          expect(draft.name).toContain(place.name);
          expect(scopeProblem(parseQuery(draft.query), limits)).toBeNull();
        }
      }
    }
    const outside = draftTopic('flooding', { id: 'province:01', name: 'Hà Nội' }, 'vi');
    expect(scopeProblem(parseQuery(outside.query), limits)).toMatch(/outside the unit's places/);
  });

  it('drafts a whole-country topic for a unit without places', () => {
    const draft = draftTopic('traffic', null, 'en');
    expect(draft.name).toBe('Traffic in Vietnam');
    expect(draft.query).not.toContain('place:');
    expect(() => draftTopic('nonexistent', null, 'vi')).toThrow(/no topic template/);
  });
});
