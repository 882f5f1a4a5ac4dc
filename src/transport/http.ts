// The HTTP(S) control socket (Kea 3's "socket-type": "http"; kea-ctrl-agent's request shape):
// POST a command as JSON, get the processor's answer. With "service": ["dhcp6"] in the body
// the answer is a list, as kea-ctrl-agent returns it. Optional TLS (mutual when
// cert-required) and basic authentication apply to every route, including those other
// modules add before start() (the lease-events WebSocket).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply } from 'fastify';
import { httpApiDocument } from './http-openapi.js';
import type { CommandProcessor } from '../commands/processor.js';
import type { CommandAnswer } from '../commands/types.js';
import type { ControlSocketConfig } from '../config/types.js';
import { basicAuthCheck, unauthorizedResponse } from './http-auth.js';

export type HttpControlSocketConfig = Extract<ControlSocketConfig, { socketType: 'http' }>;

/** What the HTTP socket needs of the command processor: commands, and what to document. */
export type HttpCommandProcessor = Pick<CommandProcessor, 'handle' | 'definitions' | 'extraCommands'>;

export interface HttpControlSocketOptions {
  config: HttpControlSocketConfig;
  processor: HttpCommandProcessor;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** largest request body in bytes (default 16 MiB: config-set carries whole configurations) */
  bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readFileOf(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`control socket ${what} ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Kea's trust-anchor is a CA file or a directory of them. */
function readTrustAnchor(path: string): Buffer[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new Error(`control socket trust-anchor ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!isDir) return [readFileOf('trust-anchor', path)];
  return readdirSync(path)
    .filter((f) => /\.(pem|crt|cer)$/i.test(f))
    .map((f) => readFileOf('trust-anchor', join(path, f)));
}

/** Kea's HTTP error answers: {"result": <status>, "text": "<reason>"}. */
function httpError(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('application/json').send({ result: status, text });
}

export class HttpControlSocket {
  readonly fastify: FastifyInstance;
  /**
   * The basic-authentication check every route applies, for routes that bypass fastify's
   * request hooks (a WebSocket upgrade): the user name, "" when no authentication is
   * configured, or null when the credentials are refused.
   */
  readonly authorize: (authorization: string | undefined) => string | null;
  /** realm for the 401 answer; undefined when no authentication is configured */
  readonly realm: string | undefined;
  private started = false;

  constructor(private readonly opts: HttpControlSocketOptions) {
    const { config } = opts;
    const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const tls = config.certFile && config.keyFile && config.trustAnchor;
    this.fastify = Fastify({
      logger: false,
      bodyLimit,
      ...(tls
        ? {
            https: {
              key: readFileOf('key-file', config.keyFile as string),
              cert: readFileOf('cert-file', config.certFile as string),
              ca: readTrustAnchor(config.trustAnchor as string),
              // Kea's cert-required: mutual TLS, a client without a certificate signed by the trust anchor is refused.
              requestCert: config.certRequired,
              rejectUnauthorized: config.certRequired,
            },
          }
        : {}),
    }) as unknown as FastifyInstance;

    // Kea takes commands only as application/json; fastify would also parse text/plain.
    this.fastify.removeContentTypeParser('text/plain');

    const auth = config.authentication;
    this.realm = auth?.realm;
    const check = auth ? basicAuthCheck(auth) : null;
    this.authorize = check ?? (() => '');
    if (check && auth) {
      const refusal = unauthorizedResponse(auth.realm);
      this.fastify.addHook('onRequest', async (request, reply) => {
        if (check(request.headers.authorization) === null) {
          await reply.code(refusal.status).headers(refusal.headers).type('application/json').send(refusal.body);
        }
      });
    }

    this.fastify.setErrorHandler(async (err: { code?: string; statusCode?: number; message: string }, _request, reply) => {
      switch (err.code) {
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
          return httpError(reply, 400, 'Bad Request: the command must be sent as Content-Type: application/json');
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return httpError(reply, 400, 'Bad Request: the body is empty');
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          // Kea has no HTTP status of its own for this case, so it is a command error (result 1).
          return reply.code(200).send({ result: 1, text: `Error during command processing: the request body is larger than the limit of ${bodyLimit} bytes` });
      }
      if ((err.statusCode ?? 500) < 500) return httpError(reply, 400, `Bad Request: ${err.message}`);
      opts.log.error({ err }, 'HTTP control socket failed to answer a request');
      return httpError(reply, 500, 'Internal Server Error');
    });

    // Kea answers anything but a POST with 400; it ignores the path of a POST.
    this.fastify.setNotFoundHandler(async (request, reply) =>
      httpError(reply, 400, `Bad Request: ${request.method} is not served here; POST a command as JSON`),
    );

    const command = async (request: { body: unknown }): Promise<CommandAnswer | CommandAnswer[]> => this.answer(request.body);
    this.fastify.post('/', command);
    this.fastify.post('/*', command);
    this.fastify.get('/openapi.json', async () => httpApiDocument(opts.processor.definitions(), opts.processor.extraCommands()));
  }

  /** Adds routes or a plugin (before start()); the authentication check applies to them too. */
  register(plugin: FastifyPluginAsync): void {
    if (this.started) throw new Error('routes must be added before the HTTP control socket starts');
    void this.fastify.register(plugin);
  }

  private async answer(body: unknown): Promise<CommandAnswer | CommandAnswer[]> {
    const { processor } = this.opts;
    if (!isMap(body) || !('service' in body)) return processor.handle(body);
    // kea-ctrl-agent: one answer per service named, in a list.
    const service = body.service;
    if (!Array.isArray(service)) return [{ result: 1, text: 'service value must be a list' }];
    if (service.length === 0) return [await processor.handle(body)];
    const out: CommandAnswer[] = [];
    for (const name of service) {
      if (name === 'dhcp6') out.push(await processor.handle(body));
      else if (typeof name !== 'string') out.push({ result: 1, text: 'service value must be a list of strings' });
      else out.push({ result: 1, text: `forwarding socket is not configured for the server type ${name}` });
    }
    return out;
  }

  async start(): Promise<void> {
    this.started = true;
    const { config } = this.opts;
    await this.fastify.listen({ host: config.socketAddress, port: config.socketPort });
    this.opts.log.info({ address: config.socketAddress, port: this.address().port, tls: Boolean(config.certFile) }, 'HTTP control socket listening');
  }

  /** Where it listens (the port is the real one when 0 was configured). */
  address(): AddressInfo {
    return this.fastify.server.address() as AddressInfo;
  }

  async stop(): Promise<void> {
    await this.fastify.close();
  }
}
