/**
 * The simulators' log, for a person to read: pino (Fastify's own logger), pretty in a terminal
 * and JSON lines otherwise. Every line's `msg` says it all in words (the pretty form shows only
 * that, one line per thing that happened); the JSON form carries the same facts as fields for
 * machines. A disabled level costs nothing: pino makes it a no-op, and callers build a line's
 * text only behind isLevelEnabled(). Nothing logged here or by callers carries a key, a secret
 * or a password: the lines name what happened, never the credentials it happened with.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type SimLogger = Logger;

export interface LoggerOptions {
  /** silent, error, warn, info, debug */
  level: string;
  format: LogFormat;
  /** where the lines go (default stdout); tests pass a stream that collects them */
  destination?: DestinationStream;
  /** pretty only: ANSI colours (default: when stdout is a terminal and NO_COLOR is unset) */
  colorize?: boolean;
}

/** the format when none is asked for: pretty for a person at a terminal, JSON for a pipe */
export const defaultLogFormat = (isTTY = process.stdout.isTTY === true): LogFormat => (isTTY ? 'pretty' : 'json');

/** a logger that writes nothing (the default for a simulator built without one: tests, bench) */
export const silentLogger: SimLogger = pino({ level: 'silent' });

export async function createLogger(o: LoggerOptions): Promise<SimLogger> {
  const options = { level: o.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (o.format === 'json') return pino(options, o.destination ?? pino.destination({ dest: 1, sync: true }));
  // loaded only when asked for: a JSON run (CI, Docker) never pays for it
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({
    colorize: o.colorize ?? (process.stdout.isTTY === true && !('NO_COLOR' in process.env)),
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    // the words say it; the fields are for the JSON form
    hideObject: true,
    messageFormat: '{if channel}{channel} {end}{msg}',
    ...(o.destination ? { destination: o.destination as unknown as NodeJS.WritableStream } : {}),
  });
  return pino(options, stream);
}
