/**
 * The part of autocannon 8 the bench uses; the package ships no types of its own.
 * See its README, "Results", for the meaning of each field.
 */
declare module 'autocannon' {
  /** An hdr-histogram-percentiles-obj summary. Latency is in ms, requests in req/s. */
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total?: number;
    sent?: number;
    p2_5: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
  }

  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Requests per second across all connections. */
    overallRate?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    /** Record raw latencies instead of back-filling the ones a fixed rate "should" have seen. */
    ignoreCoordinatedOmission?: boolean;
    method?: string;
    headers?: Record<string, string>;
    title?: string;
  }

  export interface Result {
    title?: string;
    url: string;
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface Instance extends PromiseLike<Result> {
    stop(): void;
  }

  function autocannon(options: Options): Instance & Promise<Result>;
  export default autocannon;
}
