/**
 * Export of an experiment to a self-contained PyNN script (`bss2 export FILE --pynn OUT.py`, the "Export to
 * PyNN…" command). The software backends (pyNN.neuron, pyNN.nest, pyNN.brian2) take any experiment the
 * language accepts, also one that does not fit the chip; the BrainScaleS-2 backend (pynn_brainscales) takes
 * only what maps onto the chip. Whatever a backend cannot express comes back as a diagnostic (codes.ts): a
 * warning when the script runs a documented approximation, an error when there is no script.
 * The translation tables and defaults are documented in docs/pynn.md.
 */
import { Severity, type Diagnostic } from '../../language/diagnostic';
import { analyze } from '../../language';
import { comparePositions, type Range } from '../../language/position';
import { mapExperiment } from '../../mapper';
import type { BackendName } from './backends';
import { ExportCode, type ExportCodeValue } from './codes';
import { resolveNetwork } from './network';
import { renderScript } from './script';

export { BACKEND_NAMES, type BackendName } from './backends';
export { ExportCode } from './codes';

export interface ExportOptions {
  backend: BackendName;
  /** The experiment file's name, quoted in the script. */
  fileName: string;
  /** 'arrays' (default): Poisson sources play the emulator's exact spike trains; 'generators': the backend's own. */
  poisson?: 'arrays' | 'generators';
  /** 'lists' (default): random connectors as the emulator's exact connections; 'connectors': PyNN draws its own. */
  connectivity?: 'lists' | 'connectors';
  /** Integration step of the software backends, ms (default 0.01). */
  timestepMs?: number;
  /** Replace the experiment's seed or duration (ms), as `bss2 run --seed/--duration` does. */
  seed?: number;
  durationMs?: number;
}

export interface ExportResult {
  /** The Python script; null when the export is refused (an error diagnostic says why). */
  script: string | null;
  diagnostics: Diagnostic[];
}

export const DEFAULT_TIMESTEP_MS = 0.01;

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function exportToPyNN(text: string, options: ExportOptions): ExportResult {
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Severity, code: ExportCodeValue, range: Range, message: string) =>
    diagnostics.push({ range, severity, code, source: 'bss2', message });
  const done = (script: string | null): ExportResult => ({
    script,
    diagnostics: diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end)),
  });

  const analysis = analyze(text);
  const experiment = analysis.experiment;
  diagnostics.push(...analysis.diagnostics);
  if (!analysis.complete || !experiment) {
    const errors = analysis.diagnostics.filter((d) => d.severity === Severity.Error).length;
    report(Severity.Error, ExportCode.SourceHasErrors, experiment?.nameRange ?? START, `${options.fileName} has ${errors} error${errors === 1 ? '' : 's'}; nothing is exported`);
    return done(null);
  }
  if (options.seed !== undefined) experiment.seed = { value: options.seed };
  if (options.durationMs !== undefined) experiment.duration = { value: options.durationMs };

  // PyNN's standard cell types have one compartment; neither pynn-brainscales nor the software backends' standard
  // models express a neuron type's compartments and couplings, so such an experiment is refused for every backend.
  const compartmental = experiment.populations.filter((p) => p.kind === 'neuron' && p.morphology);
  for (const p of compartmental) {
    if (p.kind !== 'neuron' || !p.morphology) continue;
    report(
      Severity.Error,
      ExportCode.MultiCompartmentRefused,
      p.typeRange,
      `population '${p.name}' is of neuron type '${p.morphology.name}' with ${p.morphology.compartments.length} compartments: PyNN's standard cells have one ` +
        `compartment, so multi-compartment neurons cannot be exported; run the experiment in the emulator (bss2 run), or use an AdEx population to export (see docs/pynn.md)`,
    );
  }
  if (compartmental.length > 0) return done(null);

  if (options.backend === 'brainscales2') {
    const mapping = mapExperiment(experiment, { generateSpikeTrains: false });
    const chipErrors = mapping.diagnostics.filter((d) => d.severity === Severity.Error);
    diagnostics.push(...mapping.diagnostics);
    if (chipErrors.length > 0) {
      report(
        Severity.Error,
        ExportCode.ChipMappingFailed,
        experiment.nameRange ?? START,
        `the experiment does not fit the chip (${chipErrors.length} error${chipErrors.length === 1 ? '' : 's'} above): nothing is exported for BrainScaleS-2; the software backends take it as it is`,
      );
      return done(null);
    }
    let refused = false;
    for (const rule of experiment.plasticity) {
      refused = true;
      report(
        Severity.Error,
        ExportCode.PlasticityRefused,
        rule.nameRange,
        `plasticity rule '${rule.name}' cannot be exported: pynn-brainscales needs it as a C++ PlasticityRule kernel for the PPU, and this version has no ` +
          `translation of the rule language to that kernel; remove the rule to export the network with static synapses, or write the kernel by hand ` +
          `(see docs/pynn.md)`,
      );
    }
    for (const projection of experiment.projections) {
      const post = experiment.populations.find((p) => p.name === projection.post.population);
      if (projection.receptor === 'inhibitory' && post?.type === 'AdExCond') {
        refused = true;
        report(
          Severity.Error,
          ExportCode.ProjectionRefused,
          projection.receptorRange ?? projection.range,
          `${projection.name}: pynn-brainscales rejects inhibitory projections onto conductance-based cells (CalibHXNeuronCoba): it wants ` +
            `inhibitory weights negative and conductance-based weights positive (projections.py, Connection); make '${post.name}' AdEx ` +
            `(current-based) to export it`,
        );
      }
    }
    if (refused) return done(null);
  }

  const network = resolveNetwork(experiment);
  const script = renderScript(
    network,
    {
      backend: options.backend,
      fileName: options.fileName,
      poisson: options.poisson ?? 'arrays',
      connectivity: options.connectivity ?? 'lists',
      timestepMs: options.timestepMs ?? DEFAULT_TIMESTEP_MS,
    },
    report,
  );
  return done(script);
}
