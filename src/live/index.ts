/** Public surface of live ingest: the pipeline, its contract, and the inputs that feed it. */
export * from './ingest.js';
export { LivePipeline, LIVE_CHECKPOINT, LIVE_LINES_CHECKPOINT } from './live-pipeline.js';
export type { LivePipelineOptions, LiveStats } from './live-pipeline.js';
export { SyslogServer } from './syslog-server.js';
export type { SyslogServerOptions, SyslogStats } from './syslog-server.js';
export { TailInput } from './tail.js';
export type { TailOptions, TailOffset } from './tail.js';
export { MqttInput } from './mqtt.js';
export type { MqttInputOptions, MqttStats } from './mqtt.js';
