/**
 * The extension's settings, typed and range-checked in one place (package.json `contributes.configuration`
 * declares the same keys). `readSettings` takes a getter so the logic runs without VS Code.
 */
import { DEFAULT_VOLTAGE_MAPPING } from '../common/chip/limits';
import { MAX_LIVE_REDRAWS_PER_SECOND } from '../common/protocol/webview';

export const SETTINGS = {
  seed: 'bss2.seed',
  liveUpdateRate: 'bss2.plots.liveUpdateRate',
  inlayHardwareValues: 'bss2.inlayHints.hardwareValues',
  inlayResources: 'bss2.inlayHints.resources',
  fixedPatternNoise: 'bss2.emulator.fixedPatternNoise',
  mvAtReference: 'bss2.voltageMapping.vAtCadcReference',
  cadcReference: 'bss2.voltageMapping.cadcReference',
  cadcPerMv: 'bss2.voltageMapping.cadcPerMv',
  resultsFolder: 'bss2.results.folder',
} as const;

export interface Bss2Settings {
  /** undefined: the experiment's own seed. */
  seed: number | undefined;
  /** Panel redraws per second while a run streams, 1..30. */
  liveUpdateRate: number;
  inlayHardwareValues: boolean;
  inlayResources: boolean;
  fixedPatternNoise: boolean;
  /** Default mV <-> CADC mapping for experiments that do not set `v_at_cadc_reference` etc. */
  voltageMapping: { mvAtReference: number; cadcReference: number; cadcPerMv: number };
  resultsFolder: string;
}

type Getter = (key: string) => unknown;

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Values out of range fall back to the default (or are clamped, for the redraw rate); never an exception. */
export function readSettings(get: Getter): Bss2Settings {
  const seed = get(SETTINGS.seed);
  const rate = finite(get(SETTINGS.liveUpdateRate), MAX_LIVE_REDRAWS_PER_SECOND);
  const cadcPerMv = finite(get(SETTINGS.cadcPerMv), DEFAULT_VOLTAGE_MAPPING.cadcPerMv);
  const folder = get(SETTINGS.resultsFolder);
  return {
    seed: typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : undefined,
    liveUpdateRate: Math.min(MAX_LIVE_REDRAWS_PER_SECOND, Math.max(1, rate)),
    inlayHardwareValues: bool(get(SETTINGS.inlayHardwareValues), true),
    inlayResources: bool(get(SETTINGS.inlayResources), true),
    fixedPatternNoise: bool(get(SETTINGS.fixedPatternNoise), false),
    voltageMapping: {
      mvAtReference: finite(get(SETTINGS.mvAtReference), DEFAULT_VOLTAGE_MAPPING.mvAtReference),
      cadcReference: finite(get(SETTINGS.cadcReference), DEFAULT_VOLTAGE_MAPPING.cadcReference),
      cadcPerMv: cadcPerMv > 0 ? cadcPerMv : DEFAULT_VOLTAGE_MAPPING.cadcPerMv,
    },
    resultsFolder: typeof folder === 'string' && folder.trim() ? folder.trim() : 'results',
  };
}

/** Whether the voltage mapping differs from the product default (then the server is asked to use it). */
export function isDefaultVoltageMapping(m: Bss2Settings['voltageMapping']): boolean {
  return m.mvAtReference === DEFAULT_VOLTAGE_MAPPING.mvAtReference && m.cadcReference === DEFAULT_VOLTAGE_MAPPING.cadcReference && m.cadcPerMv === DEFAULT_VOLTAGE_MAPPING.cadcPerMv;
}

/**
 * Inlay hints the server sends: chip values after a quantity (`20 us on chip`, `CADC 65`) or resource usage.
 * The settings switch each group off on the client side.
 */
export function isHardwareValueHint(label: string): boolean {
  return /\bon chip$/.test(label) || /^CADC -?\d/.test(label);
}
