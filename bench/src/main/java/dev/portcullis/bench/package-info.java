/**
 * JMH benchmarks of the message path, run from {@code bench/target/benchmarks.jar} (see
 * {@code docs/benchmarks.md}): {@link dev.portcullis.bench.AdmittedMessageBenchmark} (the hot path),
 * {@link dev.portcullis.bench.RefusedMessageBenchmark} (one refusal at each policy),
 * {@link dev.portcullis.bench.ParseBaselineBenchmark} (the JSON parse alone, to subtract),
 * {@link dev.portcullis.bench.ReplayGuardBenchmark} (the replay store alone) and
 * {@link dev.portcullis.bench.SecurityLogBenchmark} (a refusal's log line), with
 * {@link dev.portcullis.bench.CpuTimeProfiler} for the CPU per operation of the whole JVM. They judge
 * messages with a {@link dev.portcullis.bench.BenchNode}, a node assembled by Guice without a transport,
 * fed by a {@link dev.portcullis.bench.MessageStream} of pre-built messages with unique ids.
 */
package dev.portcullis.bench;
