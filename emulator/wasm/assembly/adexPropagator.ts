/**
 * The AdEx propagator path (`AdExGroup.propagateKernel` in emulator/models/adexIntegrator.ts) as a WebAssembly
 * kernel, written in AssemblyScript and compiled by `scripts/build-wasm.mjs`.
 *
 * Why: a full chip takes 5.12 M neuron-steps per second of biology on this path, and each step is a chain of ~60
 * dependent floating-point operations; in JavaScript the chain's latency bounds the loop at ≈ 30 ns per neuron-step.
 * Here neighbouring neurons go through it two lanes at a time, in two passes (`propagateSet`), with unchecked loads;
 * the band's sub-steps two neurons at a time (`bandPair`); the fan-outs' kicks too (`fanOut`).
 *
 * Contract: every number this kernel stores is bit for bit what the JavaScript kernel stores. WebAssembly's f64
 * and f64x2 arithmetic is IEEE 754 with round-to-nearest and no fused operations, so the same operations in the
 * same order give the same bits; every expression below keeps the JavaScript kernel's order (left to right). A
 * lane's result is stored only when that neuron is on the common path (no adaptive mark, not refractory, below
 * V_ceil, a short move of F, an accepted Newton step); any other neuron is redone by `single`, the scalar copy of
 * the full JavaScript logic, from the same inputs. test/unit/emulator/wasmPropagator.test.ts checks the identity
 * on networks that visit every branch.
 *
 * Memory is imported: the state arrays of the group live in it, and JavaScript reads them through typed-array
 * views. Nothing here allocates.
 */

/**
 * The group's per-neuron state, eleven arrays of f64, then nine of the vector loop's scratch, in one block,
 * `STATE_STRIDE` bytes apart (adexPropagatorModule.ts lays it out with the same STATE_* numbers, and checks them
 * against these exports). The distances are constants so that the vector loop and the fan-out address every array
 * from one pointer with an immediate offset: with a pointer per array, x64's registers did not hold them all and
 * each access reloaded its pointer. The stride is no power of two, so that the arrays' entries of one neuron do not
 * share a set of the L1 cache.
 */
export const STATE_CAPACITY: i32 = 2048;
export const STATE_STRIDE: i32 = STATE_CAPACITY * 8 + 320;
const S: usize = <usize>STATE_STRIDE;
const OFF_V: usize = 0, OFF_W: usize = S, OFF_E: usize = 2 * S, OFF_I: usize = 3 * S, OFF_X: usize = 4 * S;
const OFF_R: usize = 5 * S, OFF_F: usize = 6 * S;
const OFF_QV: usize = 7 * S, OFF_QW: usize = 8 * S, OFF_QE: usize = 9 * S, OFF_QI: usize = 10 * S;
// The vector loop's scratch (`propagateSet`): its first pass's results per neuron, the carry's mask as its bits.
const OFF_VP: usize = 11 * S, OFF_LW: usize = 12 * S, OFF_D0: usize = 13 * S, OFF_FE: usize = 14 * S;
const OFF_FP: usize = 15 * S, OFF_K: usize = 16 * S, OFF_CARRIED: usize = 17 * S, OFF_E1: usize = 18 * S, OFF_I1: usize = 19 * S;
/** The arrays in the block, in the order of the offsets above. */
export const STATE_ARRAYS: i32 = 20;

// Pointers into the imported memory (bytes), set by `bind`.
let pState: usize = 0; let pBandList: usize = 0;
let pV: usize = 0; let pW: usize = 0; let pSynE: usize = 0; let pSynI: usize = 0; let pStim: usize = 0;
let pRefEnd: usize = 0; let pExpCurrent: usize = 0;
let pAccV: usize = 0; let pAccW: usize = 0; let pAccE: usize = 0; let pAccI: usize = 0;
let pNeedsExact: usize = 0; let pExact: usize = 0; let pExpTable: usize = 0;

// Constants of the JavaScript kernel, set by `configure` (one source for their values: adexIntegrator.ts).
let expTableMin: f64 = 0; let expTableRes: f64 = 0; let carryMax: f64 = 0; let seriesMax: f64 = 0; let limitMv: f64 = 0;

// The parameter set's coefficients (the C_* layout of adexIntegrator.ts), read by `propagate`.
let h: f64 = 0;
let vLin: f64 = 0; let gldt: f64 = 0; let vt: f64 = 0; let invDt: f64 = 0; let eE: f64 = 0; let eI: f64 = 0;
let pVV: f64 = 0; let pVW: f64 = 0; let pVE: f64 = 0; let pVI: f64 = 0; let pVX: f64 = 0; let pV1: f64 = 0;
let vF1: f64 = 0; let vD1: f64 = 0;
let pWV: f64 = 0; let pWW: f64 = 0; let pWE: f64 = 0; let pWI: f64 = 0; let pWX: f64 = 0; let pW1: f64 = 0;
let wF0: f64 = 0; let wD0: f64 = 0; let wF1: f64 = 0; let wD1: f64 = 0;
let gl: f64 = 0; let el: f64 = 0; let invC: f64 = 0; let iOff: f64 = 0; let eW: f64 = 0; let wInf: f64 = 0;
let vTop: f64 = 0; let newtonMax: f64 = 0; let vCeil: f64 = 0; let tol: f64 = 0; let fFloor: f64 = 0;
let vF01: f64 = 0; let vDp: f64 = 0; let invDtC: f64 = 0;

/** Results of the last `propagate`: the adaptive list's length, the neuron-steps done here, a runaway's numbers. */
export let exactCount: i32 = 0;
export let done: i32 = 0;
/** Neuron-steps of the last `propagateSets` taken as the band's sub-steps (counted in `done` too). */
export let bandCount: i32 = 0;
export let runawayNeuron: i32 = -1;
export let runawayV: f64 = 0;
export let runawayW: f64 = 0;

// The band's sub-steps (BAND_SUBSTEPS in adexIntegrator.ts) and the byte offset of their coefficient block.
let bandSubsteps: i32 = 1; let bandBlock: usize = 0;
// The coefficients `single` reads now: the set's own (its band retry reads the sub-step's and restores these).
let pCoefficients: usize = 0; let stepLength: f64 = 0;

// The Taylor coefficients as the vector loop's operands: set at run time, so that they reach the loop as values
// (one load each from the stack where registers run out) and not as constants, which V8 rebuilds at every use
// (three to four instructions each, in the loop's critical resource: the instructions it issues).
let one: f64 = 0; let half: f64 = 0; let sixth: f64 = 0; let twentyFourth: f64 = 0; let hundredTwentieth: f64 = 0;

export function configure(expTable: usize, tableMin: f64, tableRes: f64, carry: f64, series: f64, limit: f64, substeps: i32, block: usize): void {
  pExpTable = expTable; expTableMin = tableMin; expTableRes = tableRes; carryMax = carry; seriesMax = series; limitMv = limit;
  bandSubsteps = substeps; bandBlock = block;
  one = 1; half = 0.5; sixth = 1.0 / 6; twentyFourth = 1.0 / 24; hundredTwentieth = 1.0 / 120;
}

/**
 * `state`: the state block (V, w, I_E, I_I, stimulus, refractory end, F, the kicks of V, w, I_E, I_I, the scratch);
 * `bandList`: room for one i32 per neuron (the neurons deferred to the band's sub-steps).
 */
export function bind(state: usize, needsExact: usize, exact: usize, bandList: usize): void {
  pState = state; pBandList = bandList;
  pV = state + OFF_V; pW = state + OFF_W; pSynE = state + OFF_E; pSynI = state + OFF_I; pStim = state + OFF_X;
  pRefEnd = state + OFF_R; pExpCurrent = state + OFF_F;
  pAccV = state + OFF_QV; pAccW = state + OFF_QW; pAccE = state + OFF_QE; pAccI = state + OFF_QI;
  pNeedsExact = needsExact; pExact = exact;
}

// The synapse table (CSR rows by presynaptic stream), each neuron's parameter set, the fan-out's kicks (six per
// set: V, w, I_E from an excitatory event; V, w, I_I from an inhibitory one) and the excitatory channel's code.
let pPost: usize = 0; let pChannel: usize = 0; let pAmount: usize = 0; let pKernelOf: usize = 0; let pKick: usize = 0;
let excitatoryChannel: u8 = 0;

export function bindSynapses(post: usize, channel: usize, amount: usize, kernelOf: usize, kick: usize, excitatory: u8): void {
  pPost = post; pChannel = channel; pAmount = amount; pKernelOf = kernelOf; pKick = kick; excitatoryChannel = excitatory;
}

/**
 * `AdExGroup.fanOutKicks` for `sets` ≤ its FEW_SETS parameter sets: one presynaptic spike's kicks through synapses
 * [start, end) into the kick accumulators, every amount times `scale`, with the same operations (and bits).
 */
export function fanOut(start: i32, end: i32, scale: f64, sets: i32): void {
  const post = pPost, channel = pChannel, amount = pAmount, exc = excitatoryChannel, base = pState;
  if (sets == 1) {
    const kvE = f(pKick, 0), kwE = f(pKick, 1), ksE = f(pKick, 2), kvI = f(pKick, 3), kwI = f(pKick, 4), ksI = f(pKick, 5);
    for (let k = start; k < end; k++) {
      const a = base + (<usize>load<i32>(post + (<usize>k << 2)) << 3);
      const q = f(amount, k) * scale;
      if (load<u8>(channel + <usize>k) == exc) {
        store<f64>(a, load<f64>(a, OFF_QV) + q * kvE, OFF_QV); store<f64>(a, load<f64>(a, OFF_QW) + q * kwE, OFF_QW); store<f64>(a, load<f64>(a, OFF_QE) + q * ksE, OFF_QE);
      } else {
        store<f64>(a, load<f64>(a, OFF_QV) + q * kvI, OFF_QV); store<f64>(a, load<f64>(a, OFF_QW) + q * kwI, OFF_QW); store<f64>(a, load<f64>(a, OFF_QI) + q * ksI, OFF_QI);
      }
    }
    return;
  }
  for (let k = start; k < end; k++) {
    const i = load<i32>(post + (<usize>k << 2));
    const a = base + (<usize>i << 3);
    const q = f(amount, k) * scale;
    const o = pKick + <usize>load<u16>(pKernelOf + (<usize>i << 1)) * 48;
    if (load<u8>(channel + <usize>k) == exc) {
      store<f64>(a, load<f64>(a, OFF_QV) + q * load<f64>(o), OFF_QV); store<f64>(a, load<f64>(a, OFF_QW) + q * load<f64>(o, 8), OFF_QW); store<f64>(a, load<f64>(a, OFF_QE) + q * load<f64>(o, 16), OFF_QE);
    } else {
      store<f64>(a, load<f64>(a, OFF_QV) + q * load<f64>(o, 24), OFF_QV); store<f64>(a, load<f64>(a, OFF_QW) + q * load<f64>(o, 32), OFF_QW); store<f64>(a, load<f64>(a, OFF_QI) + q * load<f64>(o, 40), OFF_QI);
    }
  }
}

@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function setF(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }
@inline function listExact(i: i32, count: i32): i32 {
  store<u8>(pNeedsExact + <usize>i, 1);
  store<i32>(pExact + (<usize>count << 2), i);
  return count + 1;
}

function readCoefficients(c: usize, step: f64): void {
  pCoefficients = c; stepLength = step;
  h = step;
  vLin = f(c, 1); gldt = f(c, 2); vt = f(c, 3); invDt = f(c, 4); eE = f(c, 5); eI = f(c, 6);
  pVV = f(c, 7); pVW = f(c, 8); pVE = f(c, 9); pVI = f(c, 10); pVX = f(c, 11); pV1 = f(c, 12);
  vF1 = f(c, 15); vD1 = f(c, 16);
  pWV = f(c, 17); pWW = f(c, 18); pWE = f(c, 19); pWI = f(c, 20); pWX = f(c, 21); pW1 = f(c, 22);
  wF0 = f(c, 23); wD0 = f(c, 24); wF1 = f(c, 25); wD1 = f(c, 26);
  gl = f(c, 27); el = f(c, 28); invC = f(c, 29); iOff = f(c, 30); eW = f(c, 31); wInf = f(c, 32);
  vTop = f(c, 33); newtonMax = f(c, 34); vCeil = f(c, 35); tol = f(c, 36); fFloor = f(c, 37);
  vF01 = f(c, 38); vDp = f(c, 39); invDtC = f(c, 40);
}

// Outcomes of `single`.
// (DEFERRED: left to the band's sub-steps, which `bandDeferred` takes two neurons at a time after the set's loop.)
const ACCEPTED = 0, HELD = 1, LISTED = 2, RUNAWAY = 3, DEFERRED = 4;
// The neurons `single` deferred to the band in this set's loop (at pBandList).
let bandListCount: i32 = 0;
@inline function deferBand(i: i32): i32 {
  store<i32>(pBandList + (<usize>bandListCount << 2), i);
  bandListCount++;
  return DEFERRED;
}

/** One neuron, the whole JavaScript logic in scalar form; the adaptive list grows through exactCount. */
function single(i: i32, aV: f64, aW: f64, aE: f64, aI: f64, t0: f64, t1: f64): i32 {
  if (load<u8>(pNeedsExact + <usize>i) == 1) { exactCount = listExact(i, exactCount); return LISTED; }
  const refEnd = f(pRefEnd, i);
  if (refEnd > t0) {
    if (refEnd < t1) { exactCount = listExact(i, exactCount); return LISTED; }
    setF(pW, i, wInf + (f(pW, i) - wInf) * eW);
    setF(pSynE, i, eE * f(pSynE, i) + aE);
    setF(pSynI, i, eI * f(pSynI, i) + aI);
    return HELD;
  }
  const v0 = f(pV, i);
  if (!(v0 < vCeil)) { exactCount = listExact(i, exactCount); return LISTED; }
  if (!(v0 < vLin)) {
    if (aV == 0 && aW == 0 && aE == 0 && aI == 0) return deferBand(i);
    exactCount = listExact(i, exactCount); return LISTED;
  }
  if (!advance(v0, f(pW, i), f(pSynE, i), f(pSynI, i), f(pStim, i), f(pExpCurrent, i), aV, aW, aE, aI)) {
    exactCount = listExact(i, exactCount); return LISTED;
  }
  const v1 = nextV, w1 = nextW, r = newton;
  if (!(v1 < vLin && v0 < vLin && r < newtonMax && r > -newtonMax && v1 > -limitMv && w1 < Infinity && w1 > -Infinity)) {
    const u0 = uDot0, u1 = uDot1;
    const hu = h * (Math.abs(u0) > Math.abs(u1) ? Math.abs(u0) : Math.abs(u1));
    const forcing = h * invC * forcingMax * ((hu * hu * hu * hu) / 384 + (h * Math.abs(u1 - u0)) / 24);
    if (!(v1 <= -limitMv) && (!(v1 < vCeil && r < newtonMax && r > -newtonMax) || !(forcing <= tol))) {
      if (aV == 0 && aW == 0 && aE == 0 && aI == 0) return deferBand(i);
      exactCount = listExact(i, exactCount); return LISTED;
    }
    if (!(v1 > -limitMv) || !(Math.abs(w1) < Infinity)) {
      runawayNeuron = i; runawayV = v1; runawayW = w1;
      return RUNAWAY;
    }
  }
  setF(pV, i, v1); setF(pW, i, w1); setF(pSynE, i, nextE); setF(pSynI, i, nextI); setF(pExpCurrent, i, nextF);
  return ACCEPTED;
}

/**
 * `AdExGroup.propagateBand` for the neurons `single` deferred (without events this step), with the sub-step's
 * coefficients: two at a time in the two lanes (their sub-steps are one chain of dependent operations each, which
 * bounds them), an odd one alone. Stores each neuron that passes every sub-step, lists the others for the adaptive
 * path; returns how many passed. Restores the set's coefficients.
 */
function bandDeferred(): i32 {
  const count = bandListCount;
  bandListCount = 0;
  if (count == 0) return 0;
  const c = pCoefficients, step = stepLength;
  readCoefficients(c + bandBlock, step / <f64>bandSubsteps);
  let accepted = 0, k = 0;
  for (; k + 1 < count; k += 2) {
    const i = load<i32>(pBandList + (<usize>k << 2)), j = load<i32>(pBandList + (<usize>(k + 1) << 2));
    const passed = bandPair(i, j);
    if (passed & 1) accepted++; else exactCount = listExact(i, exactCount);
    if (passed & 2) accepted++; else exactCount = listExact(j, exactCount);
  }
  if (k < count) {
    // An odd one in both lanes (they agree, bit for bit).
    const i = load<i32>(pBandList + (<usize>k << 2));
    if (bandPair(i, i) & 1) accepted++; else exactCount = listExact(i, exactCount);
  }
  readCoefficients(c, step);
  bandCount += accepted;
  return accepted;
}

@inline function pairOf(p: usize, ai: usize, aj: usize): v128 { return f64x2.replace_lane(f64x2.splat(load<f64>(p + ai)), 1, load<f64>(p + aj)); }

/**
 * The band's sub-steps (`AdExGroup.propagateBand` without events) for neurons i and j in the two lanes, with the
 * same operations per lane (and so the same bits): F from the table lane by lane where it is not carried. Returns which passed every sub-step (bit 0: i, bit 1: j)
 * and stores those.
 */
function bandPair(i: i32, j: i32): i32 {
  const ai = <usize>i << 3, aj = <usize>j << 3;
  const x = pairOf(pStim, ai, aj);
  let v0 = pairOf(pV, ai, aj), w0 = pairOf(pW, ai, aj), e0 = pairOf(pSynE, ai, aj), i0 = pairOf(pSynI, ai, aj), f0 = pairOf(pExpCurrent, ai, aj);
  const H = lanes(h), GL = lanes(gl), EL = lanes(el), INV_C = lanes(invC), INV_DT = lanes(invDt), INV_DTC = lanes(invDtC), IOFF = lanes(iOff);
  const EE = lanes(eE), EI = lanes(eI);
  const PVV = lanes(pVV), PVW = lanes(pVW), PVE = lanes(pVE), PVI = lanes(pVI), PVX = lanes(pVX), PV1 = lanes(pV1);
  const PWV = lanes(pWV), PWW = lanes(pWW), PWE = lanes(pWE), PWI = lanes(pWI), PWX = lanes(pWX), PW1 = lanes(pW1);
  const VF01 = lanes(vF01), VDP = lanes(vDp), VF1 = lanes(vF1), VD1 = lanes(vD1), WF0 = lanes(wF0), WD0 = lanes(wD0), WF1 = lanes(wF1), WD1 = lanes(wD1);
  const VLIN = lanes(vLin), VCEIL = lanes(vCeil), TOL = lanes(tol), FFLOOR = lanes(fFloor), CARRY = lanes(carryMax), NEWTON = lanes(newtonMax);
  const NEG_LIMIT = lanes(-limitMv), INF = lanes(Infinity), SMALL = lanes(seriesMax), THIRTY = lanes(30);
  const ONE = lanes(one), HALF = lanes(half), SIXTH = lanes(sixth), TWENTYFOURTH = lanes(twentyFourth), HUNDREDTWENTIETH = lanes(hundredTwentieth);
  let pass = i64x2.splat(-1);
  for (let part = 0; part < bandSubsteps; part++) {
    const e1 = mul(EE, e0), i1 = mul(EI, i0);
    const drive = add(x, IOFF);
    const vdot0 = mul(add(add(mul(GL, sub(EL, v0)), f0), add(sub(e0, i0), sub(drive, w0))), INV_C);
    const d0 = mul(mul(f0, INV_DT), vdot0);
    const vp = add(add(add(add(mul(PVV, v0), mul(PVW, w0)), add(mul(PVE, e0), mul(PVI, i0))), add(add(mul(PVX, x), PV1), mul(VF01, f0))), mul(VDP, d0));
    const lw = add(add(add(add(mul(PWV, v0), mul(PWW, w0)), add(mul(PWE, e0), mul(PWI, i0))), add(add(mul(PWX, x), PW1), mul(WF0, f0))), mul(WD0, d0));
    const fe = add(f0, mul(H, d0));
    const x1 = mul(sub(vp, v0), INV_DT);
    const x2 = mul(x1, x1);
    let fp = mul(f0, add(add(ONE, x1), mul(x2, add(add(HALF, mul(x1, SIXTH)), mul(x2, add(TWENTYFOURTH, mul(x1, HUNDREDTWENTIETH)))))));
    const carried = v128.and(f64x2.lt(f64x2.abs(x1), CARRY), f64x2.gt(f0, FFLOOR));
    if (!i64x2.all_true(carried)) {
      // A lane that is not carried reads the table (as `advance` does), only while it is still passing: a failed
      // lane's numbers are not to be used as an index.
      if (i64x2.extract_lane(carried, 0) == 0 && i64x2.extract_lane(pass, 0) != 0) {
        const q = f64x2.extract_lane(vp, 0);
        if (q < vTop) fp = f64x2.replace_lane(fp, 0, tableF(q));
        else pass = i64x2.replace_lane(pass, 0, 0);
      }
      if (i64x2.extract_lane(carried, 1) == 0 && i64x2.extract_lane(pass, 1) != 0) {
        const q = f64x2.extract_lane(vp, 1);
        if (q < vTop) fp = f64x2.replace_lane(fp, 1, tableF(q));
        else pass = i64x2.replace_lane(pass, 1, 0);
      }
    }
    const k = sub(add(mul(GL, sub(EL, vp)), add(sub(e1, i1), drive)), lw);
    const fk = mul(fp, INV_DT), fkc = mul(fp, INV_DTC);
    const dp = mul(fkc, add(fp, k));
    const dd = mul(fkc, add(add(fk, fk), sub(mul(k, INV_DT), GL)));
    const slope = add(mul(VF1, fk), mul(VD1, dd));
    const s2 = mul(slope, slope);
    const factor = v128.bitselect(mul(add(ONE, slope), add(ONE, mul(s2, add(ONE, s2)))), f64x2.div(ONE, sub(ONE, slope)), f64x2.lt(f64x2.abs(slope), SMALL));
    const delta = mul(add(mul(VF1, sub(fp, fe)), mul(VD1, sub(dp, d0))), factor);
    const v1 = add(vp, delta);
    const r = mul(delta, INV_DT);
    const r2 = mul(r, r);
    const f1 = mul(fp, add(add(ONE, r), mul(r2, add(add(HALF, mul(r, SIXTH)), mul(r2, TWENTYFOURTH)))));
    const w1 = add(add(lw, mul(WD1, add(dp, mul(dd, delta)))), mul(WF1, f1));
    // propagateBand's tests, lane by lane: the full step's, or the sub-step's error estimate and bounds.
    const shortMove = f64x2.lt(f64x2.abs(r), NEWTON), bounded = v128.and(f64x2.gt(v1, NEG_LIMIT), f64x2.lt(f64x2.abs(w1), INF));
    const below = v128.and(v128.and(f64x2.lt(v1, VLIN), f64x2.lt(v0, VLIN)), v128.and(shortMove, bounded));
    const u0 = mul(vdot0, INV_DT), u1 = mul(add(fp, k), INV_DTC);
    const au0 = f64x2.abs(u0), au1 = f64x2.abs(u1);
    const hu = mul(H, v128.bitselect(au0, au1, f64x2.gt(au0, au1)));
    const hu4 = mul(mul(mul(hu, hu), hu), hu), hh = mul(H, f64x2.abs(sub(u1, u0))), hh2 = mul(hh, hh);
    const forcing = f64x2.div(mul(mul(mul(H, INV_C), v128.bitselect(f0, f1, f64x2.gt(f0, f1))), v128.bitselect(hu4, hh2, f64x2.gt(hu4, hh2))), THIRTY);
    const estimated = v128.and(v128.and(f64x2.lt(v1, VCEIL), shortMove), v128.and(f64x2.le(forcing, TOL), bounded));
    pass = v128.and(pass, v128.or(below, estimated));
    if (!v128.any_true(pass)) return 0;
    v0 = v1; w0 = w1; e0 = e1; i0 = i1; f0 = f1;
  }
  let passed = 0;
  if (i64x2.extract_lane(pass, 0) != 0) {
    setF(pV, i, f64x2.extract_lane(v0, 0)); setF(pW, i, f64x2.extract_lane(w0, 0)); setF(pSynE, i, f64x2.extract_lane(e0, 0));
    setF(pSynI, i, f64x2.extract_lane(i0, 0)); setF(pExpCurrent, i, f64x2.extract_lane(f0, 0));
    passed |= 1;
  }
  if (i64x2.extract_lane(pass, 1) != 0) {
    setF(pV, j, f64x2.extract_lane(v0, 1)); setF(pW, j, f64x2.extract_lane(w0, 1)); setF(pSynE, j, f64x2.extract_lane(e0, 1));
    setF(pSynI, j, f64x2.extract_lane(i0, 1)); setF(pExpCurrent, j, f64x2.extract_lane(f0, 1));
    passed |= 2;
  }
  return passed;
}

/** F at V from the exponential's table (0 below its range), as `advance` reads it. */
@inline function tableF(vp: f64): f64 {
  const u = (vp - vt) * invDt;
  if (!(u > expTableMin)) return 0;
  const y = (u - expTableMin) * expTableRes;
  const j = <i32>y;
  const lo = f(pExpTable, j);
  return gldt * (lo + (y - <f64>j) * (f(pExpTable, j + 1) - lo));
}


// What `advance` leaves: the end state, the Newton correction δ/Δ_T, u' = V'/Δ_T at both ends, max(F0, F1).
let nextV: f64 = 0; let nextW: f64 = 0; let nextE: f64 = 0; let nextI: f64 = 0; let nextF: f64 = 0;
let newton: f64 = 0; let uDot0: f64 = 0; let uDot1: f64 = 0; let forcingMax: f64 = 0;

/**
 * The arithmetic of one propagator step with the step's kicks (`AdExGroup.propagateKernel`'s, in its order) from
 * (v0, w0, e0, i0, F0) under the stimulus x. False when the predictor leaves the exponential's table.
 */
@inline function advance(v0: f64, w0: f64, e0: f64, i0: f64, x: f64, f0: f64, aV: f64, aW: f64, aE: f64, aI: f64): bool {
  const e1 = eE * e0 + aE, i1 = eI * i0 + aI;
  const drive = x + iOff;
  const vdot0 = (gl * (el - v0) + f0 - w0 + e0 - i0 + drive) * invC;
  const d0 = f0 * invDt * vdot0;
  const vp = pVV * v0 + pVW * w0 + pVE * e0 + pVI * i0 + pVX * x + pV1 + aV + vF01 * f0 + vDp * d0;
  const lw = pWV * v0 + pWW * w0 + pWE * e0 + pWI * i0 + pWX * x + pW1 + aW + wF0 * f0 + wD0 * d0;
  const fe = f0 + h * d0;
  const x1 = (vp - v0) * invDt;
  let fp: f64 = 0;
  const x2 = x1 * x1;
  if (x1 < carryMax && x1 > -carryMax && f0 > fFloor) fp = f0 * ((1 + x1) + x2 * ((0.5 + x1 * (1.0 / 6)) + x2 * (1.0 / 24 + x1 * (1.0 / 120))));
  else {
    if (!(vp < vTop)) return false;
    fp = tableF(vp);
  }
  const k = (gl * (el - vp) + (e1 - i1 + drive)) - lw;
  const fk = fp * invDt, fkc = fp * invDtC;
  const dp = fkc * (fp + k);
  const dd = fkc * ((fk + fk) + (k * invDt - gl));
  const slope = vF1 * fk + vD1 * dd;
  const s2 = slope * slope;
  const delta = (vF1 * (fp - fe) + vD1 * (dp - d0)) * (slope < seriesMax && slope > -seriesMax ? (1 + slope) * (1 + s2 * (1 + s2)) : 1 / (1 - slope));
  const v1 = vp + delta;
  const r = delta * invDt;
  const r2 = r * r;
  const f1 = fp * ((1 + r) + r2 * ((0.5 + r * (1.0 / 6)) + r2 * (1.0 / 24)));
  nextV = v1; nextW = (lw + wD1 * (dp + dd * delta)) + wF1 * f1; nextE = e1; nextI = i1; nextF = f1;
  newton = r; uDot0 = vdot0 * invDt; uDot1 = (fp + k) * invDtC; forcingMax = f0 > f1 ? f0 : f1;
  return true;
}

/** `single` for neuron i with its accumulated kicks (cleared for every neuron at the end of `propagateSets`). */
function taken(i: i32, t0: f64, t1: f64): i32 {
  return single(i, f(pAccV, i), f(pAccW, i), f(pAccE, i), f(pAccI, i), t0, t1);
}

@inline function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
@inline function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
@inline function both(mask: v128): bool { return i64x2.all_true(mask); }
@inline function lanes(x: f64): v128 { return f64x2.splat(x); }
@inline function laneOf(x: v128, k: i32): f64 { return k == 0 ? f64x2.extract_lane(x, 0) : f64x2.extract_lane(x, 1); }
@inline function maskLane(x: v128, k: i32): bool { return (k == 0 ? i64x2.extract_lane(x, 0) : i64x2.extract_lane(x, 1)) != 0; }

/**
 * Every parameter set's neurons from t0 to t1, set after set: set k's coefficients start at
 * `coefficients + k × stride` (bytes), its neurons are `members[starts[k] .. starts[k + 1])`. One call per step,
 * however many sets there are (with fixed-pattern noise every neuron has a set of its own). Returns 0, or 1 when a
 * neuron ran away (runaway*); `exactCount` is the adaptive list's length, `done` the neuron-steps done here.
 * `kicked`: 0 when no event added kicks this step (they are all zero then, and the clearing is skipped).
 */
export function propagateSets(coefficients: usize, stride: usize, step: f64, members: usize, starts: usize, sets: i32, t0: f64, t1: f64, kicked: i32): i32 {
  exactCount = 0;
  bandCount = 0;
  runawayNeuron = -1;
  let total = 0;
  for (let k = 0; k < sets; k++) {
    const first = load<i32>(starts + (<usize>k << 2)), end = load<i32>(starts + (<usize>(k + 1) << 2));
    const c = coefficients + <usize>k * stride;
    if (f(c, 0) == 0) {
      // Conductance-based input: the whole set takes the adaptive path (C_FAST = 0 in adexIntegrator.ts).
      for (let q = first; q < end; q++) {
        const i = load<i32>(members + (<usize>q << 2));
        exactCount = listExact(i, exactCount);
      }
      continue;
    }
    const status = propagateSet(c, step, members + (<usize>first << 2), end - first, t0, t1);
    total += done;
    if (status != 0) { done = total; if (kicked) clearKicks(load<i32>(starts + (<usize>sets << 2))); return status; }
  }
  done = total;
  // A step without events left the kicks at zero.
  if (kicked) clearKicks(load<i32>(starts + (<usize>sets << 2)));
  return 0;
}

/** The kicks of all n neurons taken: the vector loop reads them but leaves them for its slow lanes. */
function clearKicks(n: i32): void {
  const bytes = <usize>n << 3;
  memory.fill(pAccV, 0, bytes); memory.fill(pAccW, 0, bytes); memory.fill(pAccE, 0, bytes); memory.fill(pAccI, 0, bytes);
}

/**
 * The neurons `members[0 .. m)` of the parameter set whose coefficients start at `coefficients`, from t0 to t1,
 * appending to the adaptive list. Returns 0, or 1 when a neuron ran away; `done`: the neuron-steps done here.
 */
function propagateSet(coefficients: usize, step: f64, members: usize, m: i32, t0: f64, t1: f64): i32 {
  readCoefficients(coefficients, step);
  bandListCount = 0;
  let n = 0;
  if (m < 4) {
    // Too few for a quad (e.g. a set per neuron): not worth the vector constants.
    for (let q = 0; q < m; q++) {
      const s = taken(load<i32>(members + (<usize>q << 2)), t0, t1);
      if (s == RUNAWAY) { done = n; return 1; }
      if (s < LISTED) n++;
    }
    done = n + bandDeferred();
    return 0;
  }
  const H = lanes(h);
  const GL = lanes(gl), EL = lanes(el), INV_C = lanes(invC), INV_DT = lanes(invDt), IOFF = lanes(iOff);
  const EE = lanes(eE), EI = lanes(eI);
  const PVV = lanes(pVV), PVW = lanes(pVW), PVE = lanes(pVE), PVI = lanes(pVI), PVX = lanes(pVX), PV1 = lanes(pV1);
  const PWV = lanes(pWV), PWW = lanes(pWW), PWE = lanes(pWE), PWI = lanes(pWI), PWX = lanes(pWX), PW1 = lanes(pW1);
  const VF01 = lanes(vF01), VDP = lanes(vDp), VF1 = lanes(vF1), VD1 = lanes(vD1), INV_DTC = lanes(invDtC);
  const WF0 = lanes(wF0), WD0 = lanes(wD0), WF1 = lanes(wF1), WD1 = lanes(wD1);
  const VLIN = lanes(vLin), FFLOOR = lanes(fFloor);
  const CARRY = lanes(carryMax), NEWTON = lanes(newtonMax);
  const NEG_LIMIT = lanes(-limitMv), INF = lanes(Infinity);
  const ONE = lanes(one), HALF = lanes(half), SIXTH = lanes(sixth), TWENTYFOURTH = lanes(twentyFourth), HUNDREDTWENTIETH = lanes(hundredTwentieth);
  const SMALL = lanes(seriesMax), T0 = lanes(t0);
  // The state's address in a local: globals are re-read from the instance at every use inside a loop with calls.
  const base = pState, pn = pNeedsExact;
  // Two passes. The first takes the step up to the predictor (V_p, F(V_p), K) for pairs of neighbouring neurons
  // and leaves it in the block's scratch arrays; the second takes the Newton step, tests and stores, for quads of
  // neighbours as two independent f64x2 chains (its chain of dependent operations is long: one chain per iteration
  // ran slower, bound by its latency; the first pass's is short, and one chain keeps fewer values live). In one
  // pass a third of the loop's instructions moved values to and from the stack (x64's 16 vector registers held
  // neither the coefficients nor the step's intermediate values), and the loop is bound by the instructions it
  // issues: in two passes it takes 9 % less time (the kernel alone, paired runs).
  // The members are in ascending order: when the set's first and last are m − 1 apart, they are all neighbours
  // (one parameter set for the whole group, or sets in blocks), and no iteration needs to look.
  const first = load<i32>(members), contiguous = load<i32>(members + (<usize>(m - 1) << 2)) - first == m - 1;
  for (let q = 0; q + 1 < m; q += 2) {
    const at = members + (<usize>q << 2);
    const i = contiguous ? first + q : load<i32>(at);
    if (contiguous || load<i32>(at, 4) == i + 1) {
      // Two neighbouring neurons. The arithmetic runs for both whatever
      // their path (on a lane that is not on the common path it computes numbers nobody stores: float SIMD does not
      // trap). The synaptic currents at the step's end wait in the scratch for the second pass's store.
      const a = base + (<usize>i << 3);
      const v0A = v128.load(a, OFF_V), w0A = v128.load(a, OFF_W), e0A = v128.load(a, OFF_E), i0A = v128.load(a, OFF_I);
      const xA = v128.load(a, OFF_X), f0A = v128.load(a, OFF_F);
      const driveA = add(xA, IOFF);
      const e1A = add(mul(EE, e0A), v128.load(a, OFF_QE)), i1A = add(mul(EI, i0A), v128.load(a, OFF_QI));
      v128.store(a, e1A, OFF_E1); v128.store(a, i1A, OFF_I1);
      const sumA = add(sub(e1A, i1A), driveA);
      const vdot0A = mul(add(sub(add(sub(add(mul(GL, sub(EL, v0A)), f0A), w0A), e0A), i0A), driveA), INV_C);
      const d0A = mul(mul(f0A, INV_DT), vdot0A);
      const vpA = add(add(add(add(add(add(add(add(mul(PVV, v0A), mul(PVW, w0A)), mul(PVE, e0A)), mul(PVI, i0A)), mul(PVX, xA)), PV1), v128.load(a, OFF_QV)), mul(VF01, f0A)), mul(VDP, d0A));
      const lwA = add(add(add(add(add(add(add(add(mul(PWV, v0A), mul(PWW, w0A)), mul(PWE, e0A)), mul(PWI, i0A)), mul(PWX, xA)), PW1), v128.load(a, OFF_QW)), mul(WF0, f0A)), mul(WD0, d0A));
      const x1A = mul(sub(vpA, v0A), INV_DT);
      const x2A = mul(x1A, x1A);
      v128.store(a, v128.and(v128.and(f64x2.lt(v0A, VLIN), f64x2.gt(f0A, FFLOOR)), f64x2.lt(f64x2.abs(x1A), CARRY)), OFF_CARRIED);
      v128.store(a, mul(f0A, add(add(ONE, x1A), mul(x2A, add(add(HALF, mul(x1A, SIXTH)), mul(x2A, add(TWENTYFOURTH, mul(x1A, HUNDREDTWENTIETH))))))), OFF_FP);
      v128.store(a, sub(add(mul(GL, sub(EL, vpA)), sumA), lwA), OFF_K);
      v128.store(a, vpA, OFF_VP); v128.store(a, lwA, OFF_LW); v128.store(a, d0A, OFF_D0); v128.store(a, add(f0A, mul(H, d0A)), OFF_FE);
    }
  }
  let q = 0;
  for (; q + 3 < m; q += 4) {
    const at = members + (<usize>q << 2);
    const i = contiguous ? first + q : load<i32>(at);
    if (!contiguous && load<i32>(at, 12) != i + 3) {
      // Not neighbours in memory (parameter sets interleave here): one at a time.
      for (let k = 0; k < 4; k++) {
        const s = taken(load<i32>(at + (<usize>k << 2)), t0, t1);
        if (s == RUNAWAY) { done = n; return 1; }
        if (s < LISTED) n++;
      }
      continue;
    }
    // Each lane is stored or redone by `single` (`taken`).
    const a = base + (<usize>i << 3);
    const fpA = v128.load(a, OFF_FP), kA = v128.load(a, OFF_K);
    const fkA = mul(fpA, INV_DT);
    const fkcA = mul(fpA, INV_DTC);
    const dpA = mul(fkcA, add(fpA, kA));
    const ddA = mul(fkcA, add(add(fkA, fkA), sub(mul(kA, INV_DT), GL)));
    const slopeA = add(mul(VF1, fkA), mul(VD1, ddA));
    const s2A = mul(slopeA, slopeA);
    const factorA = mul(add(ONE, slopeA), add(ONE, mul(s2A, add(ONE, s2A))));
    const deltaA = mul(add(mul(VF1, sub(fpA, v128.load(a, OFF_FE))), mul(VD1, sub(dpA, v128.load(a, OFF_D0)))), factorA);
    const v1A = add(v128.load(a, OFF_VP), deltaA);
    const rA = mul(deltaA, INV_DT);
    const r2A = mul(rA, rA);
    const f1A = mul(fpA, add(add(ONE, rA), mul(r2A, add(add(HALF, mul(rA, SIXTH)), mul(r2A, TWENTYFOURTH)))));
    const w1A = add(add(v128.load(a, OFF_LW), mul(WD1, add(dpA, mul(ddA, deltaA)))), mul(WF1, f1A));
    const commonA = v128.and(v128.and(f64x2.lt(v1A, VLIN), f64x2.lt(f64x2.abs(rA), NEWTON)), v128.and(f64x2.gt(v1A, NEG_LIMIT), f64x2.lt(f64x2.abs(w1A), INF)));
    const okA = v128.and(v128.and(v128.and(f64x2.le(v128.load(a, OFF_R), T0), v128.load(a, OFF_CARRIED)), commonA), f64x2.lt(f64x2.abs(slopeA), SMALL));
    const fpB = v128.load(a, OFF_FP + 16), kB = v128.load(a, OFF_K + 16);
    const fkB = mul(fpB, INV_DT);
    const fkcB = mul(fpB, INV_DTC);
    const dpB = mul(fkcB, add(fpB, kB));
    const ddB = mul(fkcB, add(add(fkB, fkB), sub(mul(kB, INV_DT), GL)));
    const slopeB = add(mul(VF1, fkB), mul(VD1, ddB));
    const s2B = mul(slopeB, slopeB);
    const factorB = mul(add(ONE, slopeB), add(ONE, mul(s2B, add(ONE, s2B))));
    const deltaB = mul(add(mul(VF1, sub(fpB, v128.load(a, OFF_FE + 16))), mul(VD1, sub(dpB, v128.load(a, OFF_D0 + 16)))), factorB);
    const v1B = add(v128.load(a, OFF_VP + 16), deltaB);
    const rB = mul(deltaB, INV_DT);
    const r2B = mul(rB, rB);
    const f1B = mul(fpB, add(add(ONE, rB), mul(r2B, add(add(HALF, mul(rB, SIXTH)), mul(r2B, TWENTYFOURTH)))));
    const w1B = add(add(v128.load(a, OFF_LW + 16), mul(WD1, add(dpB, mul(ddB, deltaB)))), mul(WF1, f1B));
    const commonB = v128.and(v128.and(f64x2.lt(v1B, VLIN), f64x2.lt(f64x2.abs(rB), NEWTON)), v128.and(f64x2.gt(v1B, NEG_LIMIT), f64x2.lt(f64x2.abs(w1B), INF)));
    const okB = v128.and(v128.and(v128.and(f64x2.le(v128.load(a, OFF_R + 16), T0), v128.load(a, OFF_CARRIED + 16)), commonB), f64x2.lt(f64x2.abs(slopeB), SMALL));
    // The common path's tests in as few operations as the operations themselves (this loop is bound by their
    // number): |x| < c for -c < x < c, v0 < V_lin early (with the carry's tests, so that no v0 stays live) and
    // v1 < V_lin here (NaN fails either way, as in `single`), |w1| < ∞ for a finite w1; v0 < V_ceil is implied by
    // v0 < V_lin (V_ceil ≥ V_lin); the Newton factor's series (|slope| < seriesMax, else `single` divides). The
    // predictor's bound V_top guards the table, which a carried lane does not read.
    if (load<u32>(pn + <usize>i) == 0 && both(v128.and(okA, okB))) {
      v128.store(a, v1A, OFF_V); v128.store(a, w1A, OFF_W); v128.store(a, f1A, OFF_F);
      v128.store(a, v1B, OFF_V + 16); v128.store(a, w1B, OFF_W + 16); v128.store(a, f1B, OFF_F + 16);
      v128.store(a, v128.load(a, OFF_E1), OFF_E); v128.store(a, v128.load(a, OFF_I1), OFF_I);
      v128.store(a, v128.load(a, OFF_E1 + 16), OFF_E + 16); v128.store(a, v128.load(a, OFF_I1 + 16), OFF_I + 16);
      n += 4;
      continue;
    }
    for (let k = 0; k < 4; k++) {
      const lane = k & 1, first = k < 2, j = i + k;
      if (load<u8>(pn + <usize>j) == 0 && maskLane(first ? okA : okB, lane)) {
        const b = base + (<usize>j << 3);
        store<f64>(b, laneOf(first ? v1A : v1B, lane), OFF_V); store<f64>(b, laneOf(first ? w1A : w1B, lane), OFF_W);
        store<f64>(b, load<f64>(b, OFF_E1), OFF_E); store<f64>(b, load<f64>(b, OFF_I1), OFF_I);
        store<f64>(b, laneOf(first ? f1A : f1B, lane), OFF_F);
        n++;
        continue;
      }
      const s = taken(j, t0, t1);
      if (s == RUNAWAY) { done = n; return 1; }
      if (s < LISTED) n++;
    }
  }
  for (; q < m; q++) {
    const s = taken(load<i32>(members + (<usize>q << 2)), t0, t1);
    if (s == RUNAWAY) { done = n; return 1; }
    if (s < LISTED) n++;
  }
  done = n + bandDeferred();
  return 0;
}
