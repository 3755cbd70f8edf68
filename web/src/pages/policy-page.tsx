// #/policies/ID: a policy's reception, assessed now with the data stored so far.
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { PolicyView } from '../reports/policy-view.js';
import { assessPolicy } from '../reports/reports-api.js';
import '../reports/reports.css';

export function PolicyPage({ policyId }: { policyId: number }) {
  const api = useApi();
  const [state, retry] = useAsync(() => assessPolicy(api, policyId), [api, policyId]);
  return (
    <div class="page policy-page">
      <LoadStatus state={state} retry={retry} />
      {state.data && <PolicyView assessment={state.data} />}
    </div>
  );
}
