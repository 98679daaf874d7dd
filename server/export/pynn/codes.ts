/**
 * Diagnostic codes of the PyNN export (`bss2 export --pynn`, the "Export to PyNN…" command), documented for
 * users in docs/pynn.md. E5xx: the export is refused; W5xx: something is exported differently from the
 * emulator (or not at all) and the script says how; I5xx: a translation the user should know about.
 */
export const ExportCode = {
  /** The file has errors: nothing is exported. */
  SourceHasErrors: 'BSS2-E501',
  /** A plasticity rule cannot be expressed in the chosen backend (BrainScaleS-2: no translation to a PPU kernel). */
  PlasticityRefused: 'BSS2-E502',
  /** BrainScaleS-2 only: the experiment does not fit the chip, see the chip diagnostics. */
  ChipMappingFailed: 'BSS2-E503',
  /** BrainScaleS-2 only: a projection pynn-brainscales rejects (inhibitory onto conductance-based cells). */
  ProjectionRefused: 'BSS2-E504',
  /** Multi-compartment neurons (a `neuron` type): PyNN's standard cells have one compartment, so no backend takes them. */
  MultiCompartmentRefused: 'BSS2-E505',
  /** A plasticity rule is not exported to a software simulator: its projection stays static. */
  PlasticityNotExported: 'BSS2-W510',
  /** Short-term plasticity of the chip's synapse drivers has no counterpart in the backend: the projection stays static. */
  StpNotExported: 'BSS2-W511',
  /** An on-chip background generator is exported as a Poisson source of the same rate (statistically equal, other trains). */
  BackgroundPoissonApproximated: 'BSS2-W512',
  /** A recorded variable the backend cannot record. */
  RecordingNotExported: 'BSS2-W513',
  /** BrainScaleS-2's calibrated cells have no exponential term and no adaptation: those parameters are not exported. */
  AdExTermsNotCalibrated: 'BSS2-W514',
  /** A current stimulus the backend cannot inject (BrainScaleS-2's PyNN has no current sources). */
  StimulusNotExported: 'BSS2-W518',
  /** Current-based AdEx has no PyNN standard cell type: the script defines (or uses a native) one. */
  NonStandardCellType: 'BSS2-I515',
  /** Poisson sources exported as PyNN Poisson generators: statistically equal, other spike trains. */
  PoissonRegenerated: 'BSS2-I516',
  /** Random connectors exported as PyNN connectors with PyNN's own random numbers: statistically equal, other connections. */
  ConnectivityRedrawn: 'BSS2-I517',
} as const;

export type ExportCodeValue = (typeof ExportCode)[keyof typeof ExportCode];
