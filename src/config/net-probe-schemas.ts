/**
 * Schemas of the probes that speak below HTTP: `tcp`, `dns`, `smtp` and `tls`. Each shares
 * the common probe fields and parses to its catalog spec.
 */
import { z } from 'zod';
import type { DnsProbeSpec, SmtpProbeSpec, TcpProbeSpec, TlsProbeSpec } from '../domain/catalog.ts';
import { DNS_RECORD_TYPES } from '../domain/vocabulary.ts';
import { fieldsParsed } from './primitives.ts';
import { feedProbeSchema } from './feed-probe-schema.ts';
import { commonProbeFields, commonSettings, httpProbeSchema, timeoutWithinInterval } from './probe-schemas.ts';

type Spec<T> = Omit<T, 'key' | 'channelId' | 'index'>;

/** A host name or an IP address (IPv6 in brackets or bare). */
const hostSchema = z
  .string({ error: 'expected a host name or IP address' })
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?\.?)+$|^\[?[0-9A-Fa-f:.]+\]?$/, { error: 'expected a host name or IP address' })
  .max(253)
  .transform((host) => host.replace(/^\[(.*)\]$/, '$1'));

const portSchema = z.int({ error: 'expected a port number (1-65535)' }).min(1).max(65535);

/** `1.1.1.1:53`, `127.0.0.1`, `[::1]:5353` → host and port (53 by default). */
const resolverSchema = z
  .string()
  .transform((text, ctx) => {
    const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)|([0-9A-Fa-f:]+))(?::(\d{1,5}))?$/.exec(text.trim());
    const host = match?.[1] ?? match?.[2] ?? match?.[3];
    const port = match?.[4] === undefined ? 53 : Number(match[4]);
    if (!host || (match?.[3] !== undefined && match?.[4] !== undefined) || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: 'expected a resolver address like 1.1.1.1:53 or [2606:4700::1111]:53', input: text });
      return z.NEVER;
    }
    return { host, port };
  })
  .describe('The DNS server to ask (IP, optional :port); default: the system resolvers.');

export const tcpProbeSchema = z
  .strictObject({
    type: z.literal('tcp'),
    host: hostSchema,
    port: portSchema,
    tls: z.boolean().default(false).describe('Complete a TLS handshake after connecting.'),
    insecure: z.boolean().default(false).describe('With tls: accept any certificate.'),
    ...commonProbeFields,
  })
  .superRefine(timeoutWithinInterval, { when: fieldsParsed('interval', 'timeout', 'retry', 'retry_delay') })
  .transform((p): Spec<TcpProbeSpec> => ({ type: 'tcp', host: p.host, port: p.port, tls: p.tls, insecure: p.insecure, ...commonSettings(p) }));

export const dnsProbeSchema = z
  .strictObject({
    type: z.literal('dns'),
    name: hostSchema.describe('The name to resolve, e.g. example.com.'),
    record: z.enum(DNS_RECORD_TYPES, { error: `expected one of ${DNS_RECORD_TYPES.join(', ')}` }).default('A'),
    resolver: resolverSchema.optional(),
    expect: z
      .strictObject({ contains: z.string().min(1).optional().describe('Some answer must contain this (case-insensitive).') })
      .prefault({}),
    ...commonProbeFields,
  })
  .superRefine(timeoutWithinInterval, { when: fieldsParsed('interval', 'timeout', 'retry', 'retry_delay') })
  .transform(
    (p): Spec<DnsProbeSpec> => ({
      type: 'dns',
      name: p.name,
      record: p.record,
      resolver: p.resolver ?? null,
      contains: p.expect.contains ?? null,
      ...commonSettings(p),
    }),
  );

export const smtpProbeSchema = z
  .strictObject({
    type: z.literal('smtp'),
    host: hostSchema.optional().describe('The mail server; or give domain to use its MX host.'),
    domain: hostSchema.optional().describe('Check the best MX host of this domain.'),
    port: portSchema.default(25),
    starttls: z.boolean().default(false).describe('Require STARTTLS and complete the upgrade.'),
    insecure: z.boolean().default(false).describe('With starttls: accept any certificate.'),
    helo: hostSchema.default('supportwatch.invalid').describe('The name given in EHLO.'),
    ...commonProbeFields,
  })
  .superRefine(timeoutWithinInterval, { when: fieldsParsed('interval', 'timeout', 'retry', 'retry_delay') })
  .superRefine(
    (p, ctx) => {
      if ((p.host === undefined) === (p.domain === undefined)) {
        ctx.addIssue({ code: 'custom', path: p.host === undefined ? [] : ['domain'], message: 'give either host or domain (its MX host is used), not both or neither' });
      }
    },
    { when: fieldsParsed('host', 'domain') },
  )
  .transform(
    (p): Spec<SmtpProbeSpec> => ({
      type: 'smtp',
      host: p.host ?? null,
      domain: p.domain ?? null,
      port: p.port,
      starttls: p.starttls,
      insecure: p.insecure,
      helo: p.helo,
      ...commonSettings(p),
    }),
  );

export const tlsProbeSchema = z
  .strictObject({
    type: z.literal('tls'),
    host: hostSchema,
    port: portSchema.default(443),
    servername: hostSchema.optional().describe('The name the certificate must match; default: host.'),
    warn_days: z.int().min(0).max(365).default(14).describe('Fewer days left than this and the check is degraded.'),
    ...commonProbeFields,
  })
  .superRefine(timeoutWithinInterval, { when: fieldsParsed('interval', 'timeout', 'retry', 'retry_delay') })
  .transform(
    (p): Spec<TlsProbeSpec> => ({
      type: 'tls',
      host: p.host,
      port: p.port,
      servername: p.servername ?? null,
      warnDays: p.warn_days,
      ...commonSettings(p),
    }),
  );

/** A probe of any type; `type` picks the schema. */
export const probeSchema = z.discriminatedUnion('type', [httpProbeSchema, tcpProbeSchema, dnsProbeSchema, smtpProbeSchema, tlsProbeSchema, feedProbeSchema]);
