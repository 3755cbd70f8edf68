// Topic names are unique the way people read them: case, accents and spacing aside,
// "Ngập ở Thủ Đức" and "ngap o thu duc" are the same topic name.
import { foldDiacritics } from '../text/fold.js';
import { apiError } from './api-error.js';

export function topicNameKey(name: string): string {
  return foldDiacritics(name.normalize('NFC').toLowerCase()).replace(/\s+/g, ' ').trim();
}

/** The topic already called `name` (other than `exceptId`), or undefined. */
export function topicNamed<T extends { id: number; name: string }>(
  topics: readonly T[],
  name: string,
  exceptId?: number,
): T | undefined {
  const key = topicNameKey(name);
  return topics.find((topic) => topic.id !== exceptId && topicNameKey(topic.name) === key);
}

/** Refuses with 409 a name another topic already has. */
export async function requireFreeTopicName(
  store: { listTopics(): Promise<{ id: number; name: string }[]> },
  name: string,
  exceptId?: number,
): Promise<void> {
  const taken = topicNamed(await store.listTopics(), name, exceptId);
  if (taken) throw apiError('topic_name_taken', { name: taken.name, id: taken.id });
}
