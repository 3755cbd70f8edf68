// Loads data when its inputs change and drops answers that arrive after newer ones.
import { useEffect, useState } from 'preact/hooks';

export type AsyncState<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: Error; data: T | null };

export function useAsync<T>(
  load: () => Promise<T>,
  inputs: readonly unknown[],
): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    load().then(
      (data) => current && setState({ status: 'ready', data }),
      (error: Error) =>
        current && setState((previous) => ({ status: 'error', error, data: previous.data })),
    );
    return () => {
      current = false;
    };
  }, [...inputs, attempt]);
  return [state, () => setAttempt((n) => n + 1)];
}
