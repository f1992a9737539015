/**
 * Temporal's two PostgreSQL databases for `npm run test:postgres`, dropped and created afresh on
 * every run, with temporal-sql-tool: the same create → setup-schema -v 0.0 → update-schema steps as
 * deploy/temporal/setup-postgres.sh, but from the schema embedded in the tool (--schema-name), so
 * no schema files are needed on disk and the schema always matches the server built with it.
 */
import { spawn } from 'node:child_process';

/** Where PostgreSQL is; libpq's PG* variable names, so psql with the same environment agrees. */
export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function postgresSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresSettings {
  const port = Number(env.PGPORT || 5432);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PGPORT=${env.PGPORT} is not a port number`);
  return {
    host: env.PGHOST || '127.0.0.1',
    port,
    user: env.PGUSER || 'postgres',
    password: env.PGPASSWORD ?? '',
  };
}

/** The embedded schema a database gets: the server's state, or the visibility index. */
export type SchemaName = 'postgresql/v12/temporal' | 'postgresql/v12/visibility';

export interface TemporalDatabase {
  name: string;
  schema: SchemaName;
}

/**
 * Only databases named like this are ever dropped: the PostgreSQL this runs against is usually
 * shared (a developer's machine, a CI service), and a mistyped TEMPORAL_PG_DATABASE must not be able
 * to drop someone else's data. Plain lower-case names also because the tool does not quote the name
 * in its DROP DATABASE.
 */
const DROPPABLE = /^temporal_payments_[a-z0-9_]+$/;

function runSqlTool(
  sqlTool: string,
  pg: PostgresSettings,
  database: string,
  command: string[],
): Promise<void> {
  const args = ['--plugin', 'postgres12', '--endpoint', pg.host, '--port', String(pg.port)];
  args.push('--user', pg.user, '--database', database, ...command);
  // The tool reads SQL_PASSWORD itself, which keeps the password out of the process list.
  const child = spawn(sqlTool, args, {
    env: { ...process.env, SQL_PASSWORD: pg.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, fail) => {
    child.once('error', (err) => fail(new Error(`could not run ${sqlTool}: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return done();
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      fail(new Error(`temporal-sql-tool ${command[0]} on ${database} failed (${why}):\n${output.trim()}`));
    });
  });
}

/** Drops each database if it exists, creates it and brings it to the newest schema version. */
export async function recreateDatabases(
  sqlTool: string,
  pg: PostgresSettings,
  databases: readonly TemporalDatabase[],
): Promise<void> {
  for (const { name } of databases) {
    if (!DROPPABLE.test(name)) {
      throw new Error(`refusing to drop database ${name}: only names matching ${DROPPABLE} are dropped`);
    }
  }
  for (const { name, schema } of databases) {
    // Fails while a server from an earlier, killed run still holds connections: stop that one first.
    await runSqlTool(sqlTool, pg, name, ['drop-database', '--force']);
    await runSqlTool(sqlTool, pg, name, ['create-database']);
    // 0.0 creates only the version bookkeeping tables; update-schema then applies every version.
    await runSqlTool(sqlTool, pg, name, ['setup-schema', '--version', '0.0']);
    await runSqlTool(sqlTool, pg, name, ['update-schema', '--schema-name', schema]);
  }
}
