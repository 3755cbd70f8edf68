// A new policy as a user gives it (API body, command line), checked field by field, and the
// standing query (topic) created to follow it. The caller starts the topic's back-fill.
import type { ListeningStore } from '../../store/listening-store.js';
import {
  DEFAULT_POLICY_WINDOW_DAYS,
  type NewPolicy,
  type Policy,
  type ReportStore,
} from '../report-types.js';
import { isLocalDay } from '../zoned-time.js';
import { policyQueryProblem, policyTopicQuery } from './policy-query.js';

export class PolicyInputError extends Error {
  override name = 'PolicyInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export const MAX_WINDOW_DAYS = 120;

export function checkPolicy(input: NewPolicy): void {
  if (input.name.trim() === '') throw new PolicyInputError('name', 'must not be empty');
  if (input.query.trim() === '') throw new PolicyInputError('query', 'must not be empty');
  if (!isLocalDay(input.promulgatedOn)) {
    throw new PolicyInputError('promulgatedOn', `not a day (YYYY-MM-DD): ${input.promulgatedOn}`);
  }
  for (const field of ['daysBefore', 'daysAfter'] as const) {
    const days = input[field] ?? DEFAULT_POLICY_WINDOW_DAYS;
    if (!Number.isInteger(days) || days < 2 || days > MAX_WINDOW_DAYS) {
      throw new PolicyInputError(
        field,
        `must be a whole number of days from 2 to ${MAX_WINDOW_DAYS}`,
      );
    }
  }
  const problem = policyQueryProblem(input);
  if (problem) throw new PolicyInputError('query', problem.replace(/^query: /, ''));
}

/** Checks the policy, creates the topic that follows it and stores both. */
export async function addPolicy(
  store: Pick<ListeningStore, 'createTopic'>,
  reports: ReportStore,
  input: NewPolicy,
): Promise<Policy> {
  checkPolicy(input);
  const topic = await store.createTopic({
    name: `Chính sách: ${input.name.trim()}`,
    query: policyTopicQuery(input),
    description: `Follows the policy "${input.name.trim()}" promulgated on ${input.promulgatedOn}.`,
  });
  return reports.createPolicy({ ...input, name: input.name.trim(), topicId: topic.id });
}
