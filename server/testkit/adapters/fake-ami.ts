/**
 * FakeAmi is a small Asterisk Manager Interface server on 127.0.0.1 for tests: it sends
 * the banner, answers `Action: Login` (Success, or Error for wrong credentials), `Ping`
 * and `QueueStatus` (with the members and entries the test sets), and writes whatever
 * events the test sends, each ended by a blank line — or cut off mid-message.
 * It parses actions on its own, independently of the bridge's parser.
 */
import { createServer, type Server, type Socket } from 'node:net';

type Fields = Record<string, string>;

export class FakeAmi {
  /** Successful logins so far. */
  logins = 0;
  /** Every action received, in order. */
  readonly actions: Fields[] = [];
  /** What QueueStatus answers with (QueueMember / QueueEntry events). */
  queueStatus: Fields[] = [];
  private client?: Socket;
  private readonly loginWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly credentials: { username: string; secret: string },
  ) {}

  static start(credentials: { username: string; secret: string }): Promise<FakeAmi> {
    return new Promise((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const fake = new FakeAmi(server, typeof address === 'object' && address ? address.port : 0, credentials);
        server.on('connection', (socket) => fake.serve(socket));
        resolve(fake);
      });
    });
  }

  /** waitForLogins resolves once `count` logins have succeeded. */
  waitForLogins(count: number): Promise<void> {
    if (this.logins >= count) return Promise.resolve();
    return new Promise((resolve) => this.loginWaiters.push({ count, resolve }));
  }

  /** send writes events to the logged-in client. */
  send(...events: Fields[]): void {
    this.client?.write(events.map(format).join(''));
  }

  /** dropMidMessage writes the first `cut` characters of an event, then drops the connection. */
  dropMidMessage(event: Fields, cut: number): void {
    const client = this.client;
    this.client = undefined;
    client?.end(format(event).slice(0, cut), () => client.destroy());
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private serve(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n\r\n')) !== -1) {
        const action = Object.fromEntries(buffer.slice(0, end).split('\r\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
        buffer = buffer.slice(end + 4);
        this.actions.push(action);
        this.answer(socket, action);
      }
    });
    socket.on('error', () => undefined);
  }

  private answer(socket: Socket, action: Fields): void {
    const id = action.ActionID ?? '';
    switch (action.Action) {
      case 'Login':
        if (action.Username !== this.credentials.username || action.Secret !== this.credentials.secret) {
          socket.write(format({ Response: 'Error', ActionID: id, Message: 'Authentication failed' }));
          return;
        }
        this.client = socket;
        socket.write(format({ Response: 'Success', ActionID: id, Message: 'Authentication accepted' }) + format({ Event: 'FullyBooted', Privilege: 'system,all', Status: 'Fully Booted' }));
        this.logins++;
        for (const waiter of this.loginWaiters.filter((w) => w.count <= this.logins)) waiter.resolve();
        return;
      case 'QueueStatus':
        socket.write(
          format({ Response: 'Success', ActionID: id, EventList: 'start', Message: 'Queue status will follow' }) +
            this.queueStatus.map((e) => format({ ...e, ActionID: id })).join('') +
            format({ Event: 'QueueStatusComplete', ActionID: id, EventList: 'Complete', ListItems: String(this.queueStatus.length) }),
        );
        return;
      case 'Ping':
        socket.write(format({ Response: 'Success', ActionID: id, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) }));
        return;
      default:
        socket.write(format({ Response: 'Success', ActionID: id }));
    }
  }
}

function format(fields: Fields): string {
  return `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}
