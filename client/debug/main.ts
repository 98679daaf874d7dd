/**
 * Entry point of the debug adapter process (`dist/debugAdapter.js`). Stepping through an emulator run needs the
 * emulator process; until the adapter is built on it, this process refuses clearly instead of pretending.
 */
process.stderr.write('bss2 debug adapter: debugging experiments is not available in this version of BrainScaleS-2 Studio.\n');
process.exitCode = 1;
