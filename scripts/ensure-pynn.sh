#!/usr/bin/env bash
# The PyNN export is tested by running exported scripts under pyNN.neuron with Debian's Python: python3-pynn,
# python3-neuron, and neuron-dev for nrnivmodl (PyNN compiles its NMODL mechanisms on first use). Installs them
# when missing and we may; otherwise says how (the tests then skip with that reason).
set -euo pipefail
if /usr/bin/python3 -c 'import pyNN.neuron' >/dev/null 2>&1 && command -v nrnivmodl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's PyNN and NEURON for the export tests (apt-get install python3-pynn python3-neuron neuron-dev)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-pynn python3-neuron neuron-dev >/dev/null
  exit 0
fi
echo "The PyNN export tests need Debian's python3-pynn, python3-neuron and neuron-dev: run 'sudo apt-get install python3-pynn python3-neuron neuron-dev' (they are skipped until then)." >&2
exit 0
