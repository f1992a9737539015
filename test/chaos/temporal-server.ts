/**
 * The run's own Temporal dev server (scripts/dev-server.ts), with its state in a SQLite file so that a
 * stop and a start on the same port bring back every workflow: the restart a deployment goes through.
 */
import { createWriteStream } from 'node:fs';
import { type DevServer, startDevServer } from '../../scripts/dev-server';

export class TemporalServer {
  private server: DevServer | undefined;
  private readonly log;

  constructor(
    private readonly port: number,
    private readonly dbFile: string,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.log.write(`--- ${new Date().toISOString()} start\n`);
    this.server = await startDevServer({
      port: this.port,
      dbFile: this.dbFile,
      namespace: 'default',
      logLevel: 'error',
      onOutput: (line) => this.log.write(`${line}\n`),
    });
  }

  async stop(): Promise<void> {
    this.log.write(`--- ${new Date().toISOString()} stop\n`);
    await this.server?.stop();
    this.server = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((done) => this.log.end(done));
  }
}
