// A training worker that trains nothing: it answers every run at once with an empty 'ok' record, so that what the
// queue benchmark times is the sweep machinery alone (hand-out, IPC, Redis, storing). Its records go to a scratch
// store that the benchmark deletes; they are never results.
import { serveTraining } from '../experiments/worker-protocol';

serveTraining(async config => ({
  config, status: 'ok', epochs: [], epochSeconds: [], bestEpoch: 0, testAccuracy: 0, testLoss: 0, params: 0, connections: 0,
  layers: [], backend: 'none (queue benchmark)', kernel: 'typescript', versions: {}, gitCommit: '', startedAt: new Date().toISOString(), wallSeconds: 0,
}));
