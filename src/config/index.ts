/** The config loader: `supportwatch.yaml` → validated, normalised `Catalog`. */
export { ConfigError, formatProblem, type ConfigProblem } from './errors.ts';
export { loadConfigFile, parseConfig } from './load.ts';
export { channelSchema, configSchema, hoursSchema, httpProbeSchema, probeSchema, providerSchema } from './schema.ts';
