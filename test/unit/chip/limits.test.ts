import assert from 'node:assert/strict';
import {
  CADC,
  TOPOLOGY,
  backendClockHz,
  busOfDriver,
  eventOutputOfColumn,
  nominalCapmemOfCadc,
  padiBusOfColumn,
} from '../../../common/chip/limits';

describe('chip limits', () => {
  it('has consistent counts', () => {
    assert.equal(TOPOLOGY.neuronColumns * TOPOLOGY.neuronRows, TOPOLOGY.atomicNeurons);
    assert.equal(TOPOLOGY.synapseDriversPerHemisphere * TOPOLOGY.rowsPerDriver, TOPOLOGY.synapseRowsPerHemisphere);
    assert.equal(TOPOLOGY.driversPerPadiBus * TOPOLOGY.rowsPerDriver, TOPOLOGY.rowsPerPadiBus);
    assert.equal(TOPOLOGY.driversPerPadiBus * TOPOLOGY.padiBusesPerHemisphere, TOPOLOGY.synapseDriversPerHemisphere);
    assert.ok(Object.isFrozen(TOPOLOGY));
  });

  it('maps columns to event outputs and PADI buses as halco does', () => {
    assert.equal(eventOutputOfColumn(0), 0);
    assert.equal(eventOutputOfColumn(255), 7);
    assert.equal(padiBusOfColumn(31), 0);
    assert.equal(padiBusOfColumn(32), 1);
    assert.equal(padiBusOfColumn(128), 0);
    assert.equal(padiBusOfColumn(255), 3);
    assert.deepEqual(busOfDriver(0), { bus: 0, position: 0 });
    assert.deepEqual(busOfDriver(127), { bus: 3, position: 31 });
  });

  it('derives the backend clocks and the nominal CapMem of the CADC calibration points', () => {
    assert.equal(backendClockHz(0), 125e6);
    assert.ok(Math.abs(backendClockHz(15) - 3814.697) < 1e-3);
    assert.equal(nominalCapmemOfCadc(CADC.calibrationRead[0]), CADC.calibrationCapmem[0]);
    assert.equal(nominalCapmemOfCadc(CADC.calibrationRead[1]), CADC.calibrationCapmem[1]);
  });
});
