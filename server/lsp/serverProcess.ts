/**
 * How the language-server process is started: the V8 flags of its Node process. The VS Code client
 * (client/extension.ts) and the latency benchmark (bench/lspLatency.ts) both spawn the server with exactly
 * these, so what the benchmark measures is what users get. Dependency-free: the client bundle imports it.
 *
 * Why: one analysis of a 2,000-line experiment allocates several MB of short-lived objects (tokens, syntax and
 * model nodes, the mapping). With V8's default young generation (semi-spaces that start at 1 MB and grow only
 * after many scavenges) the first edits after opening a file spend a large share of their time in scavenges
 * that copy still-live data; starting the semi-space at 16 MB lets an edit's garbage die young in one
 * scavenge or none. The cap of 32 MB bounds the memory this costs (two semi-spaces plus the copy reserve).
 * `--expose-gc` lets the server collect the young generation in idle time after publishing (idleCollection.ts).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--min-semi-space-size=16', '--max-semi-space-size=32', '--expose-gc'];
