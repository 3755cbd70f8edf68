// Colours drawn on canvas, where CSS tokens do not reach. Sentiment is blue / grey / orange, a
// diverging scheme read apart by people with red-green colour blindness, each at least 3:1
// against the panel in both themes (contrast.test.ts).
export const SENTIMENT_PALETTE = {
  positive: '#2c7bb6',
  neutral: '#8c8c8c',
  negative: '#e66101',
} as const;

/** Sequential scale for volume on the map, light to dark blue. */
export const VOLUME_RAMP = ['#9ecae1', '#4292c6', '#2171b5', '#08519c'] as const;

/** Diverging scale for the negative share on the map: blue (few) through grey to orange (many). */
export const NEGATIVE_RAMP = ['#2c7bb6', '#9ab0c4', '#f4a261', '#e66101', '#a63603'] as const;

/** The total line beside the sentiment series: apart from all three, ≥ 3:1 in both themes. */
export const TOTAL_LINE = '#8062b0';

/** Classified as none of the three (the model was unsure). */
export const UNKNOWN_SENTIMENT = '#c9b458';
