// For tests of the HTTP client and its callers: the FetchError a request failed with.
import { FetchError } from '../types.js';

/** The FetchError `promise` rejects with; any other outcome fails the test. */
export async function fetchFailure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}
