// Public surface of keyword extraction.
export { DEFAULT_KEYWORD_LIMIT, extractKeywords } from './extract-keywords.js';
export { englishStopwords, vietnameseStopwords } from './stopwords.js';
