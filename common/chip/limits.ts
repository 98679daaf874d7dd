/**
 * Every count, bit width, clock, range and calibration range of the BrainScaleS-2 chip (HICANN-X, `vx::v3`)
 * that any part of the product uses. No other module may write one of these numbers down.
 *
 * Source keys ([HALCO], [HALDLS], [CALIX], [PYNN], [GRENADE], [LIBNUX], [FISCH], [LAB], ...) are those of the
 * project's fact sheet on the chip (`bss2/facts.md`, section 0), which names the repository and commit each fact
 * was read from. "UNVERIFIED" marks what the sheet itself marks so: do not build guarantees on those.
 * Times and rates are hardware (wall-clock) values unless a name says `Bio`.
 */

/** Hardware runs this many times faster than biology: 1 us on the chip emulates 1 ms. [DEMOS] cns_01, [LAB]. */
export const SPEEDUP = 1000;

/** Topology and counts (facts §1). */
export const TOPOLOGY = Object.freeze({
  /** `HemisphereOnDLS` 0..1 [HALCO] chip.h. Hemisphere h holds neuron row h and synapse array h. */
  hemispheres: 2,
  /** `NeuronColumnOnDLS` 0..255 [HALCO] neuron.h. */
  neuronColumns: 256,
  /** `NeuronRowOnDLS` 0..1 [HALCO] neuron.h. */
  neuronRows: 2,
  /** `AtomicNeuronOnDLS` = column x row [HALCO] neuron.h; "512 neuron circuits" [LAB]. */
  atomicNeurons: 512,
  /** Neuron backend blocks: block b = columns b*128..b*128+127, both rows [HALCO] neuron.cpp. */
  backendBlocks: 2,
  backendBlockColumns: 128,
  /** Neuron event outputs: `event_output = column / 32` [HALCO] neuron.cpp. */
  neuronEventOutputs: 8,
  columnsPerEventOutput: 32,
  /** `SynapseRowOnSynram` 0..255 [HALCO] synapse.h. */
  synapseRowsPerHemisphere: 256,
  /** `SynapseOnSynapseRow` 0..255; column j feeds neuron column j [HALCO] synapse.h. */
  synapsesPerRow: 256,
  /** 128 drivers per hemisphere; driver d drives rows 2d and 2d+1 [HALCO] synapse_driver.h. */
  synapseDriversPerHemisphere: 128,
  rowsPerDriver: 2,
  /** `PADIBusOnPADIBusBlock` 0..3 per hemisphere [HALCO] padi.h. */
  padiBusesPerHemisphere: 4,
  /** Driver d listens to bus d % 4 at position d / 4 [HALCO] synapse_driver.cpp. */
  driversPerPadiBus: 32,
  /** 32 drivers x 2 rows [GRENADE] routing_constraints.cpp. */
  rowsPerPadiBus: 64,
  /** `BackgroundSpikeSourceOnDLS` 0..7; source j feeds PADI bus j % 4 of hemisphere j / 4 [HALCO] background.h. */
  backgroundGenerators: 8,
  /** Crossbar inputs: 0..7 neuron event outputs, 8..11 L2 (FPGA), 12..19 background [HALCO] routing_crossbar.h. */
  crossbarInputs: 20,
  crossbarInputFirstL2: 8,
  crossbarInputFirstBackground: 12,
  /** Crossbar outputs: 0..3 top PADI buses, 4..7 bottom, 8..11 L2 to the FPGA [HALCO] routing_crossbar.h. */
  crossbarOutputs: 12,
  crossbarOutputFirstL2: 8,
  l2Channels: 4,
  /** `CapMemBlockOnDLS` 0..3, 130 columns x 24 rows each [HALCO] capmem.h, v3/capmem.h. */
  capmemBlocks: 4,
  capmemColumnsPerBlock: 130,
  capmemRowsPerBlock: 24,
  /** One PPU per hemisphere [HALCO] ppu.h, [LIBNUX] dls.h. */
  ppus: 2,
  /** Analog pads [HALCO] readout.h. */
  pads: 2,
});

/** Bit fields of the chip's configuration, as inclusive [min, max] ranges (facts §14 `fields`). */
export const FIELDS = Object.freeze({
  /** `SynapseWeightQuad::Value`, 6 bit; the sign comes from the row mode [HALDLS] synapse.h. */
  weight: [0, 63] as const,
  /** `SynapseLabel`, 6 bit: at most 64 distinct sources per row [HALCO] synapse.h, [LAB]. */
  synapseLabel: [0, 63] as const,
  /** PADI row-select, 5 bit (event bits 10..6) [HALCO] event.h. */
  rowSelect: [0, 31] as const,
  /** `row_address_compare_mask`, 5 bit [HALDLS] synapse_driver.h. */
  rowAddressCompareMask: [0, 31] as const,
  /** 14-bit `NeuronLabel`, compared by the crossbar [HALCO] event.h. */
  neuronLabel: [0, 0x3fff] as const,
  /** 8-bit neuron backend `address_out` [HALDLS] neuron.h. */
  addressOut: [0, 255] as const,
  /** `CapMemCell::Value`; 1023 is reserved for "refresh disabled" [HALDLS] capmem.h. */
  capmemValue: [0, 1022] as const,
  /** `MembraneCapacitorSize` [HALDLS] v3/neuron.h. */
  membraneCapacitance: [0, 63] as const,
  /** `RefractoryTime` counter [HALDLS] neuron.h. */
  refractoryCounter: [0, 255] as const,
  /** `ResetHoldoff` [HALDLS] neuron.h. */
  resetHoldoff: [0, 15] as const,
  /** Backend clock scales `clock_scale_slow/fast` [HALDLS] neuron.h. */
  clockScale: [0, 15] as const,
  /** STP `utilization`, `recovery`, `offset`, 4 bit each [HALDLS] synapse_driver.h. */
  stpUtilization: [0, 15] as const,
  stpRecovery: [0, 15] as const,
  stpOffset: [0, 15] as const,
  /** Background generator fields [HALDLS] background.h. */
  backgroundPeriod: [0, 65535] as const,
  backgroundRate: [0, 255] as const,
  backgroundSeed: [0, 0xffffffff] as const,
  backgroundMask: [0, 255] as const,
  /** 8-bit CADC reading [HALDLS] cadc.h. */
  cadcValue: [0, 255] as const,
  /** 10-bit MADC sample [HALDLS] madc.h. */
  madcValue: [0, 1023] as const,
  /** 43-bit FPGA/chip system time in FPGA cycles [FISCH] fpga_time.h. */
  systime: [0, 8796093022207] as const,
});

/**
 * Layout of the 14-bit event label (facts §9.1, [HALCO] event.h): bits 10..8 the neuron event output (for
 * on-chip sources), bits 7..0 the neuron's `address_out`; on a PADI bus bits 10..6 are the row-select that a
 * synapse driver compares and bits 5..0 the synapse label that a synapse compares.
 */
export const EVENT_LABEL = Object.freeze({
  synapseLabelMask: 0x3f,
  rowSelectShift: 6,
  rowSelectMask: 0x1f,
  eventOutputShift: 8,
  /** 3 bits of event output (0..7) above the address. */
  eventOutputMask: 0x7,
  addressOutMask: 0xff,
});

/** Clocks (facts §2). */
export const CLOCKS = Object.freeze({
  /** PLL reference, `nominal_pll_f_reference` [HALDLS] constants.h. */
  pllReferenceHz: 50e6,
  /** PPU clock, `default_ppu_cycles_per_us = 250` [LIBNUX] time.h. */
  ppuHz: 250e6,
  /** MADC clock (ADPLL0 dco) [CALIX] madc_base.py. */
  madcHz: 500e6,
  /** Background generator ("spl1") clock used by PyNN: phy_ref_clk / 2 [PYNN] cells.py (derived). */
  backgroundHz: 250e6,
  /** Neuron backend reference clock; derived clock = f / 2^(s+1) [HALDLS] neuron.h. */
  neuronBackendHz: 250e6,
  /** FPGA clock, `fpga_clock_cycles_per_us = 125`; timestamps resolve 8 ns [FISCH] constants.h. */
  fpgaHz: 125e6,
});

/** Frequency of a backend clock at scale s (0..15): 250 MHz / 2^(s+1) [HALDLS] neuron.h `ClockScale`. */
export function backendClockHz(scale: number): number {
  return CLOCKS.neuronBackendHz / 2 ** (scale + 1);
}

/** Multi-compartment neurons (facts §3.4). */
export const MULTICOMPARTMENT = Object.freeze({
  /** `CompartmentOnLogicalNeuron` max = 512/2 - 2 [HALCO] neuron.h. */
  maxCompartments: 254,
  /**
   * `NeuronColumnOnLogicalNeuron` max = 127: a logical neuron spans at most 128 columns x 2 rows and never crosses
   * the backend block boundary (column 127/128) [HALCO] neuron.h, neuron.cpp.
   */
  maxColumns: 128,
  rows: 2,
  /** Each circuit brings its own synapse column: a k-circuit compartment has k x 256 synapses of fan-in [LAB]. */
  synapsesPerCircuit: 256,
  // The calibratable inter-compartment time constant is CALIBRATION.tauIccUs.
});

/** Refractory period (facts §3.3, §10, §12.11-12). */
export const REFRACTORY = Object.freeze({
  /** Two clocks (fast, slow) per backend block [HALDLS] neuron.h `CommonNeuronBackendConfig`. */
  clocksPerBackendBlock: 2,
  /** calix keeps at least 30 counter cycles, about 3 % quantisation [CALIX] spiking/refractory_period.py. */
  minCounterCycles: 30,
  /** Calibratable refractory times, 40 ns..32 us [CALIX] spiking/neuron.py (warning outside). */
  calibratedUs: [0.04, 32] as const,
  /**
   * The `RefractoryTime` doc example implies a 127-step counter while the type allows 255; we trust the type.
   * UNVERIFIED which one the silicon honours ([HALDLS] neuron.h).
   */
  counterDocInconsistency: true,
});

/** Membrane capacitor (facts §3.2, §13). */
export const MEMBRANE_CAPACITANCE = Object.freeze({
  /** Full capacitor, ~2.2 pF: [CALIX] neuron_calib_target.h, [GRENADE] constants.h (haldls says ~2.3 pF). */
  maxPf: 2.2,
  /** calix default target: the full capacitor [CALIX] neuron_calib_target.cpp. */
  defaultLsb: 63,
});

/** Voltage cells on the CapMem and the CADC (facts §10). */
export const CADC = Object.freeze({
  instances: 2,
  channelsPerInstance: 512,
  bits: 8,
  /** Reliable read range [CALIX] constants.py. */
  reliableRead: [30, 210] as const,
  /**
   * Default calibrated dynamic range: CapMem 70..550 reads as CADC 20..220 [CALIX] cadc_calib_target.h. A linear
   * map through these two points gives the nominal CapMem value of a voltage target; the real value is per chip.
   */
  calibrationCapmem: [70, 550] as const,
  calibrationRead: [20, 220] as const,
  /** Max. 1.85 MSample/s per channel [LAB]. */
  maxSamplesPerSecond: 1.85e6,
  /** Periodic recording through the PPU: period >= ~1.7 us [GRENADE] ppu.h. */
  minPeriodUs: 1.7,
  /** Sample buffer in FPGA SRAM / DRAM [GRENADE] execution_instance_chip_ppu_program_compiler.cpp. */
  maxSamplesSram: 100,
  maxSamplesDram: 204800,
});

export const MADC = Object.freeze({
  instances: 1,
  /** One or two neurons; with two they must sit in columns of different parity [GRENADE] madc_readout.cpp. */
  maxNeurons: 2,
  bits: 10,
  /** 500 MHz / (12 + 5) with the default `SampleDurationAdjust` [HALDLS] madc.cpp (derived); "30 MSample/s" [LAB]. */
  samplesPerSecond: 500e6 / 17,
  /** `number_of_samples`, 16 bit, unless continuous mode [HALDLS] madc.h. */
  maxSamples: 65535,
  /** The first ~8 us of a trace are invalid (issue 4008) [CALIX] madc_base.py. */
  startupArtefactUs: 8,
});

/** Plasticity processor (facts §7), for the plasticity compiler and the resource report. */
export const PPU = Object.freeze({
  instances: 2,
  clockHz: 250e6,
  /** Instructions and data share 16 KiB [HALCO] ppu.h, [LIBNUX] elf32nux.x. */
  sramBytes: 16384,
  /** External memory: 128 KiB FPGA SRAM, 256 MiB DRAM [HALCO] fpga.h. */
  externalSramBytes: 131072,
  externalDramBytes: 268435456,
  /** 128-byte vectors: 128 x 8 bit or 64 x 16 bit lanes [LIBNUX] dls.tcc. */
  vectorBytes: 128,
  vectorRegisters: 32,
  /** A synapse row is two vectors (even/odd columns) [LIBNUX] dls.tcc. */
  vectorsPerRow: 2,
  /** PPU cycles = 2 x FPGA cycles [PYNN] plasticity_rules.py. */
  cyclesPerFpgaCycle: 2,
});

/**
 * Cost model of the plasticity processor (docs/plasticity.md, "Processor model"): PPU clock cycles per
 * instruction class, per hardware vector (128 bytes) where the class works on vectors, and bytes of program
 * memory. UNVERIFIED estimates: no public source gives per-instruction timing of the Nux core and its vector
 * unit. They assume an in-order, single-issue core (1 cycle per scalar instruction), a few cycles of pipeline
 * latency per dependent vector instruction, synapse-array access through `fxvinx`/`fxvoutx` slower than
 * register arithmetic, and CADC conversions (correlation, membrane) that dominate a row's time; the correlation
 * reset holds its line for `reset_duration` + 3 cycles ([HALDLS] correlation.h; facts §6).
 */
export const PPU_COST = Object.freeze({
  scalarCycles: 1,
  vectorAluCycles: 2,
  vectorMulCycles: 4,
  /** Scalar to all lanes: store the word, load it replicated. */
  splatCycles: 4,
  /** One vector of weights or labels read or written (`fxvinx`/`fxvoutx` on the synapse array). */
  synapseAccessCycles: 8,
  /** One vector of correlation readings (both channels converted by the CADC, then read). */
  correlationReadCycles: 40,
  /** Resetting the correlation sensors of one vector of synapses. */
  correlationResetCycles: 12,
  /** One vector of membrane readings through the CADC. */
  membraneReadCycles: 40,
  /** Spike counters are read one neuron at a time over the configuration bus. */
  counterReadCyclesPerNeuron: 8,
  counterResetCyclesPerNeuron: 4,
  /** One vector from the hardware random generator. */
  randomCycles: 2,
  /** Offset current: one CapMem cell written per neuron over the configuration bus. */
  capmemWriteCyclesPerNeuron: 8,
  /** Row loop: select the row, compute its addresses, branch. */
  rowOverheadCycles: 12,
  /** Scheduler wake-up and return, once per period and program. */
  periodOverheadCycles: 200,
  bytesPerInstruction: 4,
  /** Runtime shared by the programs of one PPU: start-up code, scheduler, row loop, vector I/O helpers. */
  runtimeBytes: 3072,
  stackBytes: 1024,
  /** Scalar values beyond the core's registers live in memory. */
  scalarRegistersInCore: 24,
});

/** On-chip background spike generators (facts §9.4, §12.15). */
export const BACKGROUND = Object.freeze({
  count: 8,
  /**
   * Binned Poisson mode: every (period + 1) clock cycles an 8-bit random draw <= rate emits a spike, so the
   * probability per bin is (rate + 1) / 256 and the mean event rate is f * (rate + 1) / 256 / (period + 1).
   * This is PyNN's encoding [PYNN] cells.py; the haldls doc says period / (rate / 255). The off-by-one is
   * UNVERIFIED against the RTL.
   */
  rateDenominator: 256,
  /** The mask randomises up to the 8 lower label bits: one generator serves up to 256 virtual sources. */
  maxVirtualSources: 256,
  /** PyNN error: rate x size must not exceed the generator clock [PYNN] cells.py. */
  maxTotalRateHz: 250e6,
  /** Bandwidth per generator, "8 x 125 MEvent/s" [LAB] (soft budget, warning). */
  bandwidthEventsPerSecond: 125e6,
});

/** Event routing budgets (facts §5.4, §9.3, §12.23-24). */
export const EVENTS = Object.freeze({
  /** Drivers separate events by 8 ns: 125 MEvent/s per PADI bus [LAB] (soft budget). */
  padiBusEventsPerSecond: 125e6,
  /** FPGA playback memory, instructions [FISCH] constants.h `playback_memory_size_to_fpga`. */
  playbackInstructions: 4194304,
  /** Labels per spike-pack instruction, `max_num_packed` [HXCOMM] event_constants.h. */
  labelsPerPlaybackInstruction: 3,
  /** The exact number of spikes the playback memory holds is UNVERIFIED (timing instructions share it). */
  playbackSpikeCountUnverified: true,
  /** Max. sustained external event rate over the FPGA links: UNVERIFIED, so not checked. */
  fpgaLinkRateUnverified: true,
});

/**
 * Calibration targets of the spiking neuron, hardware units (facts §3.5, §12.13, [CALIX] spiking/neuron.py
 * `check_target` for the feasible ranges, constants.py for the hard ones). Outside `feasible`: the chip is
 * configured but the calibration will be off (warning). Outside `hard`: calix refuses (error).
 */
/**
 * The adaptation variable lives on a second leaky integrator built like the membrane's (facts §3.1), but public
 * calix has no calibration for it (facts §3.5): we assume the membrane's hard range. UNVERIFIED.
 */
export const ADAPTATION = Object.freeze({
  tauUs: { hard: [0.1, 2000] as const },
});

export const CALIBRATION = Object.freeze({
  tauMemUs: { feasible: [0.5, 60] as const, hard: [0.1, 2000] as const, default: 10 },
  tauSynUs: { feasible: [0.3, 30] as const, hard: [0.1, 100] as const, default: 10 },
  leakCadc: { feasible: [50, 160] as const, default: 80 },
  resetCadc: { feasible: [50, 160] as const, default: 70 },
  thresholdCadc: { feasible: [50, 220] as const, default: 125 },
  refractoryUs: { feasible: [0.04, 32] as const, default: 2 },
  holdoffUs: { feasible: [0, 4] as const, default: 0 },
  iSyninGm: { feasible: [30, 800] as const, default: 500 },
  synapseDacBias: { feasible: [30, 1022] as const, default: 600 },
  eCobaReferenceCadc: { feasible: [60, 160] as const },
  tauIccUs: { feasible: [0.1, 30] as const },
  correlationTauUs: { feasible: [2, 30] as const, default: 5 },
  correlationAmplitude: { feasible: [0.2, 2.0] as const, default: 0.5 },
});

/**
 * STP CapMem defaults of calix (facts §5.2): set 0 facilitating, set 1 depressing [CALIX] stp_calib_target.cpp.
 */
export const STP = Object.freeze({
  facilitating: { vCharge: 100, vRecover: 400 },
  depressing: { vCharge: 330, vRecover: 50 },
  iRamp: 600,
  /** Driver `offset` default in calix: `Offset::max // 2` [CALIX] hagen/synapse_driver.py. */
  defaultOffset: 7,
});

/**
 * The product's default mV <-> CADC mapping: v = -65 mV + (cadc - 80) / 3 per mV. It puts calix's default leak
 * (80) at -65 mV and threshold (125) at -50 mV. The chip publishes no fixed mapping (facts §3.5: ~4.5 mV/LSB is
 * approximate and UNVERIFIED per chip), so experiments can override it.
 */
export const DEFAULT_VOLTAGE_MAPPING = Object.freeze({ mvAtReference: -65, cadcReference: 80, cadcPerMv: 3 });

/** Event output (0..7) of a neuron column [HALCO] neuron.cpp `toNeuronEventOutputOnDLS`. */
export function eventOutputOfColumn(column: number): number {
  return Math.floor(column / TOPOLOGY.columnsPerEventOutput);
}

/** The one PADI bus index (0..3, on either hemisphere) a neuron column can reach [GRENADE] routing_constraints.cpp. */
export function padiBusOfColumn(column: number): number {
  return eventOutputOfColumn(column) % TOPOLOGY.padiBusesPerHemisphere;
}

/** Backend block (0..1) of a neuron column [HALCO] neuron.cpp. */
export function backendBlockOfColumn(column: number): number {
  return Math.floor(column / TOPOLOGY.backendBlockColumns);
}

/** The PADI bus (0..3) driver d (0..127) listens to, and its position (0..31) on that bus [HALCO] synapse_driver.cpp. */
export function busOfDriver(driver: number): { bus: number; position: number } {
  return { bus: driver % TOPOLOGY.padiBusesPerHemisphere, position: Math.floor(driver / TOPOLOGY.padiBusesPerHemisphere) };
}

/** Nominal CapMem value of a voltage target in CADC LSB, through calix's default CADC calibration points. */
export function nominalCapmemOfCadc(cadc: number): number {
  const [c0, c1] = CADC.calibrationCapmem;
  const [r0, r1] = CADC.calibrationRead;
  return Math.round(c0 + ((cadc - r0) * (c1 - c0)) / (r1 - r0));
}

/**
 * Fixed-pattern noise of the emulator (`fixed_pattern_noise`): the spread left between nominally identical
 * circuits after calibration, one Gaussian draw per circuit and parameter (standard deviations, clipped at
 * `clipSigmas`). The public sources give no measured residuals: exact fixed-pattern noise needs per-chip calibration
 * data, which are not public (facts §13). These magnitudes are the calibration's own resolution:
 * - potentials (leak, reset, threshold, exponential threshold, reversal potentials): calix calibrates them against
 *   8-bit CADC reads (facts §3.5), so a calibrated potential is known to about one CADC LSB;
 * - time constants (membrane, synaptic, adaptation): calix accepts its time-constant fits to a few per cent; its
 *   refractory counters quantise to ≤ 3 % (facts §3.3, [CALIX] spiking/refractory_period.py), taken here for all;
 * - synaptic input strength (weight scale per neuron input): calibrated to the median of all neurons
 *   (facts §3.5, `i_synin_gm`), with a residual taken as 5 %.
 * Assumed magnitudes (UNVERIFIED against silicon); change them here.
 */
export const FIXED_PATTERN_NOISE = Object.freeze({
  potentialSigmaCadc: 1,
  timeConstantRelativeSigma: 0.03,
  weightScaleRelativeSigma: 0.05,
  clipSigmas: 3,
});
