// Every text colour token against the backgrounds it is used on keeps WCAG's 4.5:1 in both
// themes, and the canvas palette keeps 3:1 (graphics) against the panel, read from the sources.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEGATIVE_RAMP, SENTIMENT_PALETTE, TOTAL_LINE } from './palette.js';

const CSS = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');

function tokens(selector: string): Record<string, string> {
  const start = CSS.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in styles.css`);
  const body = CSS.slice(start, CSS.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!]),
  );
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'panel'],
  ['text', 'panel-alt'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['accent', 'panel'],
  ['accent', 'bg'],
  ['accent-text', 'accent'],
  ['header-text', 'header-bg'],
  ['header-link', 'header-bg'],
  ['header-text', 'header-current'],
  ['danger', 'panel'],
  ['danger', 'danger-soft'],
  ['ok-text', 'ok-soft'],
  ['warning-text', 'warning-soft'],
  ['positive-text', 'positive-soft'],
  ['neutral-text', 'neutral-soft'],
  ['negative-text', 'negative-soft'],
  ['positive-text', 'panel'],
  ['negative-text', 'panel'],
];

describe('colour contrast of the design tokens', () => {
  const light = tokens(':root');
  const themes = { light, dark: { ...light, ...tokens(':root[data-theme="dark"]') } };

  for (const [name, theme] of Object.entries(themes)) {
    it(`keeps text at 4.5:1 or more in the ${name} theme`, () => {
      const failing = TEXT_PAIRS.filter(([fg, bg]) => {
        if (!theme[fg] || !theme[bg]) throw new Error(`token --${fg} or --${bg} missing`);
        return contrast(theme[fg]!, theme[bg]!) < 4.5;
      }).map(([fg, bg]) => `${fg} on ${bg}: ${contrast(theme[fg]!, theme[bg]!).toFixed(2)}`);
      expect(failing).toEqual([]);
    });

    it(`keeps sentiment marks at 3:1 or more on the panel in the ${name} theme`, () => {
      for (const key of ['positive', 'neutral', 'negative']) {
        expect(contrast(theme[key]!, theme.panel!)).toBeGreaterThanOrEqual(3);
      }
      for (const colour of [...Object.values(SENTIMENT_PALETTE), TOTAL_LINE]) {
        expect(contrast(colour, theme.panel!)).toBeGreaterThanOrEqual(3);
      }
    });
  }

  it('tells the three sentiments apart by lightness as well as hue', () => {
    expect(contrast(light.positive!, light.negative!)).toBeGreaterThan(1.1);
    expect(NEGATIVE_RAMP[0]).toBe(SENTIMENT_PALETTE.positive);
  });
});
