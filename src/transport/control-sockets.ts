// The agent's control sockets as one set: every configured unix and HTTP socket in front of
// the one command processor, with the lease-event WebSocket on each HTTP socket. Replacing
// the set (config-set changed control-socket) keeps the old sockets when a new one fails.

import type { Logger } from 'pino';
import type { CommandProcessor } from '../commands/processor.js';
import type { ControlSocketConfig } from '../config/types.js';
import type { EventHub } from '../events/event-hub.js';
import { registerEventsRoute } from './events-ws.js';
import { HttpControlSocket } from './http.js';
import { UnixControlSocket } from './unix.js';

interface Running {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class ControlSockets {
  private running: Running[] = [];

  constructor(
    private readonly processor: CommandProcessor,
    private readonly events: EventHub,
    private readonly log: Logger,
  ) {}

  private build(config: ControlSocketConfig): Running {
    if (config.socketType === 'unix') {
      return new UnixControlSocket({ path: config.socketName, mode: config.mode, processor: this.processor, log: this.log });
    }
    const http = new HttpControlSocket({ config, processor: this.processor, log: this.log });
    const route = registerEventsRoute(http, this.events, { log: this.log });
    return {
      start: () => http.start(),
      stop: async () => {
        await route.close();
        await http.stop();
      },
    };
  }

  /** Starts every socket; when one fails, the ones started are stopped and the error thrown. */
  async open(configs: readonly ControlSocketConfig[]): Promise<void> {
    const started: Running[] = [];
    try {
      for (const config of configs) {
        const socket = this.build(config);
        await socket.start();
        started.push(socket);
      }
    } catch (err) {
      await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
      throw err;
    }
    this.running = started;
  }

  /** Stops the running sockets and opens `configs`; when that fails, reopens the previous ones. */
  async replace(configs: readonly ControlSocketConfig[], previous?: readonly ControlSocketConfig[]): Promise<void> {
    await this.close();
    try {
      await this.open(configs);
    } catch (err) {
      this.log.error({ err }, 'the new control sockets could not be opened; keeping the previous ones');
      if (previous) await this.open(previous).catch((e) => this.log.error({ err: e }, 'reopening the previous control sockets failed'));
    }
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running.map((s) => s.stop()));
  }
}
