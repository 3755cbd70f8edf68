// What the story-rule tests set up on either store: a tagger whose tags reach an alert service
// judging story rules, and a topic about flooding.
import { createListeningEvents } from '../../jobs/listening-events.js';
import { TopicTagger } from '../../jobs/topic-tagger.js';
import type { ListeningStore } from '../../store/listening-store.js';
import { topicStorySizesFor } from '../../store/sqlite/topic-story-sizes.js';
import type { Store } from '../../store/store.js';
import { AlertService } from '../alert-service.js';
import type { AlertStore } from '../alert-types.js';

export async function storyRuleWorld(
  store: Store & ListeningStore,
  alerts: AlertStore,
): Promise<{ tagger: TopicTagger; service: AlertService; topicId: number }> {
  const events = createListeningEvents();
  const tagger = new TopicTagger({ store, events });
  const service = new AlertService({ alerts, figures: store, stories: topicStorySizesFor(store) });
  events.onTagged((mention, topics) => service.mentionTagged(mention, topics));
  const topicId = (await store.createTopic({ name: 'flood', query: 'ngập' })).id;
  return { tagger, service, topicId };
}
