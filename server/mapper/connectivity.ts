/**
 * Expansion of a projection's connector into its connections (pre, post, weight), indices relative to the whole
 * populations. Random connectors draw from the stream `createStream(seed, 'connector', name, k)` of
 * common/random.ts, where `k` counts earlier projections with the same name: adding or editing one projection
 * never changes the connectivity of another.
 *   fixed_probability(p): every (pre, post) pair independently with probability p, post-major order;
 *   fixed_indegree(n): for every post neuron, n distinct pre neurons (partial Fisher-Yates shuffle).
 */
import { createStream } from '../../common/random';
import type { Projection } from '../language/model';

export interface Connections {
  pre: Int32Array;
  post: Int32Array;
  /** Weight of each connection (the projection's weight unless the connector gives one per connection). */
  weight: Float64Array;
}

/** 2^24 pairs: 32 times the largest projection that can be mapped (1024 external sources x 512 neurons = 2^19). */
const MAX_CANDIDATE_PAIRS = 1 << 24;

export function expandConnector(projection: Projection, seed: number, occurrence: number): Connections {
  const { pre, post, connector } = projection;
  const nPre = Math.max(0, pre.end - pre.start);
  const nPost = Math.max(0, post.end - post.start);
  // A projection with this many candidate pairs cannot be mapped: its populations exceed the 512 neuron
  // circuits or the 1024 external source labels, which the chip checks report. Expanding it would only take
  // minutes and gigabytes, so it contributes no connections.
  if (nPre * nPost > MAX_CANDIDATE_PAIRS) return { pre: new Int32Array(0), post: new Int32Array(0), weight: new Float64Array(0) };
  let pres: number[] = [];
  let posts: number[] = [];
  let weights: number[] | undefined;
  switch (connector.kind) {
    case 'all_to_all': {
      const preArray = new Int32Array(nPre * nPost);
      const postArray = new Int32Array(nPre * nPost);
      for (let j = 0, e = 0; j < nPost; j++) {
        for (let i = 0; i < nPre; i++, e++) {
          preArray[e] = pre.start + i;
          postArray[e] = post.start + j;
        }
      }
      return { pre: preArray, post: postArray, weight: new Float64Array(preArray.length).fill(projection.weight.value) };
    }
    case 'one_to_one':
      pres = Array.from({ length: Math.min(nPre, nPost) }, (_, k) => pre.start + k);
      posts = Array.from({ length: Math.min(nPre, nPost) }, (_, k) => post.start + k);
      break;
    case 'fixed_probability': {
      const random = createStream(seed, 'connector', projection.name, occurrence);
      for (let j = 0; j < nPost; j++) {
        for (let i = 0; i < nPre; i++) if (random.nextFloat() < connector.p) (pres.push(pre.start + i), posts.push(post.start + j));
      }
      break;
    }
    case 'fixed_indegree': {
      const random = createStream(seed, 'connector', projection.name, occurrence);
      const n = Math.min(Math.max(0, Math.trunc(connector.n)), nPre);
      const pool = new Int32Array(nPre);
      for (let j = 0; j < nPost; j++) {
        for (let i = 0; i < nPre; i++) pool[i] = i;
        const chosen: number[] = [];
        for (let k = 0; k < n; k++) {
          const r = k + random.nextInt(nPre - k);
          const t = pool[k];
          pool[k] = pool[r];
          pool[r] = t;
          chosen.push(pool[k]);
        }
        chosen.sort((a, b) => a - b);
        for (const i of chosen) (pres.push(pre.start + i), posts.push(post.start + j));
      }
      break;
    }
    case 'from_list':
      weights = [];
      for (const [i, j, w] of connector.connections) {
        if (i < 0 || i >= nPre || j < 0 || j >= nPost) continue; // the checker reports indices out of range
        pres.push(pre.start + i);
        posts.push(post.start + j);
        weights.push(w);
      }
      break;
  }
  const weight = weights ? Float64Array.from(weights) : new Float64Array(pres.length).fill(projection.weight.value);
  return { pre: Int32Array.from(pres), post: Int32Array.from(posts), weight };
}
