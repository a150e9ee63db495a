/** The garbage collector on demand, as `node --expose-gc` gives it, for tests of what must survive a collection. */
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

export function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Runs `work` while collecting garbage every 50 ms, so that anything held only weakly goes. */
export async function underCollection<T>(work: Promise<T>): Promise<T> {
  const gc = collector();
  const timer = setInterval(gc, 50);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
