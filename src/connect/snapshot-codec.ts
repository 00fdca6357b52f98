/**
 * A compact binary form for the connect stage's snapshot (see Connector.snapshot): numbers, strings and arrays
 * written one after another, read back in the same order. Doubles are kept bit for bit, so a restored index
 * computes the same cosines as the one that wrote it.
 */

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class SnapshotWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** A whole number from 0 to 2^53, in 7-bit groups (small counts and ids take one or two bytes). */
  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`snapshot: ${n} is not a whole number of at least 0`);
    this.room(8);
    while (n >= 0x80) {
      this.bytes[this.at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.bytes[this.at++] = n;
  }

  /** A whole number or undefined (written as 0, numbers shifted up by one). */
  optionalInt(n: number | undefined): void {
    if (n === undefined) this.uint(0);
    else this.uint(n >= 0 ? 2 * n + 1 : -2 * n + 2);
  }

  double(x: number): void {
    this.room(8);
    this.view.setFloat64(this.at, x, true);
    this.at += 8;
  }

  string(s: string): void {
    const encoded = textEncoder.encode(s);
    this.uint(encoded.length);
    this.room(encoded.length);
    this.bytes.set(encoded, this.at);
    this.at += encoded.length;
  }

  uints(values: ArrayLike<number>): void {
    this.uint(values.length);
    for (let i = 0; i < values.length; i++) this.uint(values[i]!);
  }

  doubles(values: ArrayLike<number>): void {
    this.uint(values.length);
    for (let i = 0; i < values.length; i++) this.double(values[i]!);
  }

  strings(values: readonly string[]): void {
    this.uint(values.length);
    for (const s of values) this.string(s);
  }

  bytesOf(data: Uint8Array): void {
    this.uint(data.length);
    this.room(data.length);
    this.bytes.set(data, this.at);
    this.at += data.length;
  }

  /** What was written: a view into the writer's buffer (a snapshot can be hundreds of megabytes; no copy). */
  finish(): Uint8Array {
    return this.bytes.subarray(0, this.at);
  }
}

/** Reads what a SnapshotWriter wrote; a truncated or damaged snapshot is an error naming where it broke. */
export class SnapshotReader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(problem: string): never {
    throw new Error(`connector snapshot: ${problem} at byte ${this.at} of ${this.bytes.length}`);
  }

  private need(n: number): void {
    if (this.at + n > this.bytes.length) this.fail('ends early');
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      this.need(1);
      const b = this.bytes[this.at++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) this.fail('a number is too long');
    }
    return n;
  }

  optionalInt(): number | undefined {
    const n = this.uint();
    if (n === 0) return undefined;
    return n % 2 === 1 ? (n - 1) / 2 : -(n - 2) / 2;
  }

  double(): number {
    this.need(8);
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  /** A count of items each at least `minBytes` long: more than the bytes left can hold is damage, not a list. */
  count(minBytes = 1): number {
    const n = this.uint();
    if (n * minBytes > this.bytes.length - this.at) this.fail(`a list claims ${n} items, more than the bytes left can hold`);
    return n;
  }

  string(): string {
    const n = this.count();
    const slice = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    try {
      return textDecoder.decode(slice);
    } catch {
      return this.fail('a string is not UTF-8');
    }
  }

  uints(): number[] {
    const n = this.count();
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.uint();
    return out;
  }

  doubles(): number[] {
    const n = this.count(8);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.double();
    return out;
  }

  strings(): string[] {
    const n = this.count();
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.string();
    return out;
  }

  bytesOf(): Uint8Array {
    const n = this.count();
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** Throws unless everything was read: a snapshot with bytes left over was not written by this code. */
  end(): void {
    if (this.at !== this.bytes.length) this.fail('has bytes left over');
  }
}
