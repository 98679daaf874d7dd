/**
 * Sits between stdin and the JSON-RPC reader and enforces the largest message the emulator process accepts.
 * Messages arrive as `Content-Length: N\r\n\r\n<N bytes>` frames, split across reads at any byte. A frame within
 * the limit passes through unchanged; the body of a larger one is skipped as it streams in (never buffered), and
 * `onOversized` is told its size and, when the first bytes of the body show it, its request id, so that the
 * caller can answer that request with an error instead of leaving it unanswered.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** The largest message accepted: 64 MiB (a full chip's configuration is about 10 MB of JSON). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A header longer than this is not a header: it is passed on for the reader to report. */
const MAX_HEADER_BYTES = 8192;
/** How much of a skipped body is kept to find its id. */
const ID_PROBE_BYTES = 512;

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

export class MessageSizeGuard extends Transform {
  private header = Buffer.alloc(0);
  private mode: 'header' | 'pass' | 'skip' = 'header';
  private remaining = 0;
  private skipped = 0;
  private probe: Buffer[] = [];
  private probeBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onOversized: (bytes: number, id: number | string | null) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = chunk;
    while (data.length > 0) {
      if (this.mode === 'pass') {
        const n = Math.min(this.remaining, data.length);
        this.push(data.subarray(0, n));
        this.remaining -= n;
        data = data.subarray(n);
        if (this.remaining === 0) this.mode = 'header';
      } else if (this.mode === 'skip') {
        const n = Math.min(this.remaining, data.length);
        if (this.probeBytes < ID_PROBE_BYTES) {
          const keep = data.subarray(0, Math.min(n, ID_PROBE_BYTES - this.probeBytes));
          this.probe.push(Buffer.from(keep));
          this.probeBytes += keep.length;
        }
        this.remaining -= n;
        data = data.subarray(n);
        if (this.remaining === 0) {
          this.mode = 'header';
          this.onOversized(this.skipped, requestId(Buffer.concat(this.probe).toString('utf8')));
          this.probe = [];
          this.probeBytes = 0;
        }
      } else {
        const joined = this.header.length > 0 ? Buffer.concat([this.header, data]) : data;
        const end = joined.indexOf(HEADER_END);
        if (end < 0) {
          if (joined.length > MAX_HEADER_BYTES) {
            this.push(joined);
            this.header = Buffer.alloc(0);
          } else this.header = Buffer.from(joined);
          break;
        }
        const head = joined.subarray(0, end + HEADER_END.length);
        data = joined.subarray(end + HEADER_END.length);
        this.header = Buffer.alloc(0);
        const match = /Content-Length:\s*(\d+)/i.exec(head.toString('ascii'));
        const length = match ? Number(match[1]) : NaN;
        if (!(length > this.maxBytes)) {
          // Within the limit (or no length: the reader reports that).
          this.push(head);
          if (Number.isFinite(length) && length > 0) {
            this.mode = 'pass';
            this.remaining = length;
          }
        } else {
          this.mode = 'skip';
          this.remaining = length;
          this.skipped = length;
        }
      }
    }
    done();
  }
}

/** The id of a JSON-RPC request from the start of its text, or null. */
function requestId(start: string): number | string | null {
  const m = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/.exec(start);
  if (!m) return null;
  try {
    return JSON.parse(m[1]) as number | string;
  } catch {
    return null;
  }
}
