// The messages inside the frames (wire-frames.ts) between ccsync and its remote agent. Both
// ends parse what they receive with these schemas: the agent trusts no request, the client
// trusts no answer (issue #3, "Trust nothing from the wire").
import * as z from 'zod';
import { wireManifestSchema, wireProbeSchema } from './manifest-wire.js';
import { PROTOCOL_VERSION, writeResultSchema } from './protocol.js';

const codecSchema = z.enum(['none', 'gzip', 'br']);
const count = z.number().int().nonnegative();

export const manifestRequestSchema = z.object({
  scopeRoots: z.array(z.string()).max(10_000),
  sessionIds: z.array(z.string()).max(100_000).optional(),
  probes: z.union([
    z.array(z.object({ path: z.string(), size: count, mtimeMs: z.number(), prefixLen: count.optional() })).max(1_000_000),
    z.array(wireProbeSchema).max(1_000_000),
  ]),
  extras: z.object({ history: z.boolean(), config: z.boolean(), credentials: z.boolean(), claudeJson: z.boolean() }).optional(),
});

const expectSchema = z.union([z.object({ absent: z.literal(true) }), z.object({ size: count })]);

/** A write op as it travels: its data is a slice of the frame body, `dataLength` bytes long. */
export const wireWriteOpSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('append'), path: z.string(), expect: z.object({ size: count }), dataLength: count, mtimeMs: z.number() }),
  z.object({ kind: z.literal('put'), path: z.string(), expect: expectSchema, dataLength: count, mtimeMs: z.number(), backup: z.boolean() }),
  z.object({
    kind: z.literal('splice'),
    path: z.string(),
    expect: z.object({ size: count }),
    keep: count,
    dataLength: count,
    mtimeMs: z.number(),
    backup: z.boolean(),
  }),
  z.object({
    kind: z.literal('remove'),
    path: z.string(),
    expect: z.union([z.object({ size: count }), z.object({ any: z.literal(true) })]),
    backup: z.boolean(),
  }),
  z.object({ kind: z.literal('backup'), path: z.string() }),
]);
export type WireWriteOp = z.infer<typeof wireWriteOpSchema>;

export const requestSchema = z.discriminatedUnion('op', [
  z.object({ id: count, op: z.literal('manifest'), request: manifestRequestSchema }),
  z.object({
    id: count,
    op: z.literal('read'),
    requests: z.array(z.object({ path: z.string(), offset: count, length: count })).max(1_000_000),
    accept: codecSchema,
  }),
  // parts: a big body as independent streams, [compressed, raw] lengths in order (body-codec.ts)
  z.object({ id: count, op: z.literal('write'), ops: z.array(wireWriteOpSchema).max(1_000_000), codec: codecSchema, rawLength: count, parts: z.array(z.tuple([count, count])).max(4096).optional() }),
  z.object({ id: count, op: z.literal('info') }),
]);
export type AgentRequest = z.infer<typeof requestSchema>;

export const helloSchema = z.object({
  op: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  agent: z.enum(['node', 'sh']),
  agentVersion: z.string(),
  runtime: z.string(),
  platform: z.string(),
  arch: z.string(),
  home: z.string(),
  claudeDir: z.string(),
  codecs: z.array(codecSchema),
  /** ms from the agent's process start to its hello (timeline: agent start vs connect) */
  upMs: z.number().optional(),
});
export type Hello = z.infer<typeof helloSchema>;

export const infoSchema = z.object({
  os: z.string(),
  claudeDirExists: z.boolean(),
  freeBytes: z.number().optional(),
  claudeVersion: z.string().optional(),
  claudePath: z.string().optional(),
});
export type AgentInfo = z.infer<typeof infoSchema>;

export const responseSchema = z.union([
  z.object({ id: count, ok: z.literal(true), op: z.literal('manifest'), manifest: wireManifestSchema }),
  z.object({ id: count, ok: z.literal(true), op: z.literal('read'), lengths: z.array(count), codec: codecSchema, rawLength: count, parts: z.array(z.tuple([count, count])).max(4096).optional() }),
  z.object({ id: count, ok: z.literal(true), op: z.literal('write'), results: z.array(writeResultSchema) }),
  z.object({ id: count, ok: z.literal(true), op: z.literal('info'), info: infoSchema }),
  z.object({ id: count, ok: z.literal(false), error: z.string() }),
]);
export type AgentResponse = z.infer<typeof responseSchema>;
