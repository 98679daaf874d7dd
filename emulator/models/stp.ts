/**
 * Short-term plasticity of a synapse driver, Tsodyks–Markram style (Tsodyks & Markram 1997, PNAS 94:719;
 * Markram, Wang & Tsodyks 1998, PNAS 95:5323), in the chip's 4-bit terms.
 *
 * What is known of the chip (facts §5.2): STP modulates the pulse width, i.e. the charge, of every event of a
 * driver, not the stored weights; its state is a voltage between v_recover (fully recovered) and v_charge (fully
 * used); each event uses a fraction of it first; it recovers between events; facilitation or depression follows
 * from the order of the two voltages. The equations and maps below are this emulator's model (facts §5.3:
 * UNVERIFIED), documented in docs/emulator.md:
 *
 *   state r ∈ [0, 1] (1 = recovered);  between events  dr/dt = (1 - r) / τ_rec
 *   on an event:  r⁻ = r;  r ← r (1 - U)
 *     depressing:    efficacy = r⁻                    (1 for the first event after rest, then lower)
 *     facilitating:  efficacy = (1 - r) / U           (1 for the first event after rest, then up to 1/U)
 *   the event's charge is weight × weight_scale × efficacy
 *
 *   U(utilization)   = (utilization + 1) / 16          utilization 0..15 → U = 1/16 .. 1
 *   τ_rec(recovery)  = 1600 ms / (recovery + 1)        recovery 0..15 → τ_rec = 1600 .. 100 ms (biological)
 *
 * State is per driver: every event the driver takes uses it, whichever presynaptic source sent it (the network
 * shares one StpDriver between all streams that reach the driver; docs/emulator.md argues the choice).
 */
import { FIELDS } from '../../common/chip/limits';
import type { ParameterProblem } from './adex';

export interface StpDescription {
  mode: 'depressing' | 'facilitating';
  utilization: number;
  recovery: number;
}

export const STP_RECOVERY_SCALE_MS = 1600;

/** Largest value of the 4-bit `utilization` and `recovery` fields ([HALDLS] synapse_driver.h; facts §5.1). */
const STP_FIELD_MAX = FIELDS.stpUtilization[1];

export function stpUtilization(utilization: number): number {
  return (utilization + 1) / (STP_FIELD_MAX + 1);
}

export function stpRecoveryTime_ms(recovery: number): number {
  return STP_RECOVERY_SCALE_MS / (recovery + 1);
}

export function validateStp(s: StpDescription, where: string): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  if (s.mode !== 'depressing' && s.mode !== 'facilitating') problems.push({ parameter: `${where}.mode`, message: `mode must be 'depressing' or 'facilitating'` });
  for (const f of ['utilization', 'recovery'] as const) {
    const max = f === 'utilization' ? FIELDS.stpUtilization[1] : FIELDS.stpRecovery[1];
    if (!(Number.isInteger(s[f]) && s[f] >= 0 && s[f] <= max)) {
      problems.push({ parameter: `${where}.${f}`, message: `${f} must be an integer in 0..${max}, got ${s[f]}` });
    }
  }
  return problems;
}

/** The STP state of one driver. */
export class StpDriver {
  private r = 1;
  private lastTime = -Infinity;
  private readonly u: number;
  private readonly tauRec: number;
  private readonly facilitating: boolean;

  constructor(d: StpDescription) {
    this.u = stpUtilization(d.utilization);
    this.tauRec = stpRecoveryTime_ms(d.recovery);
    this.facilitating = d.mode === 'facilitating';
  }

  /** The efficacy of an event at time t (events of one driver arrive in time order). */
  onEvent(t: number): number {
    // Events of several sources on one driver may share a time; never recover backwards.
    if (this.lastTime > -Infinity && t > this.lastTime) this.r = 1 - (1 - this.r) * Math.exp(-(t - this.lastTime) / this.tauRec);
    if (t > this.lastTime) this.lastTime = t;
    const before = this.r;
    this.r = before * (1 - this.u);
    return this.facilitating ? (1 - this.r) / this.u : before;
  }

  /** Recovered fraction now (for read-out). */
  get recovered(): number {
    return this.r;
  }
}
